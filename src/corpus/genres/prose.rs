//! Sentence pools of policy prose, with markers that label words automatically:
//! `[残疾人]` is an attribute word in policy text (sensitive_attribute, pass, policy_text),
//! `{高度重视}` a word that begins with a surname character (person_name, pass,
//! surname_word), `<12345>` a public number labeled where it stands. `$D` county, `$C` city, `$P` province, `$Y` year, `$Q` the county's
//! 区/县/市 are filled in by
//! [`super::Ctx::fill`]. No sentence names or locates a person.

/// 社会救助, 民政.
pub const SOCIAL: &[&str] = &[
    "坚持应保尽保、按标施保、动态管理的原则，严格审核审批程序，规范资金发放管理。",
    "各街道（乡镇）要{高度重视}，加强组织领导，明确工作责任，确保各项救助政策落到实处。",
    "将符合条件的[残疾人]、[重大疾病]患者等困难群众及时纳入救助范围，做到精准识别、应救尽救。",
    "对[严重精神障碍患者]家庭实行监护补贴，落实“以奖代补”政策，防止肇事肇祸事件发生。",
    "加强对[孤儿]和[事实无人抚养儿童]的关爱保护，基本生活费按月足额发放到位。",
    "做好[刑满释放人员]和[社区矫正对象]的临时救助衔接，帮助其顺利回归社会。",
    "对因患[尿毒症]、[恶性肿瘤]等大病导致基本生活出现严重困难的家庭，可按规定给予临时救助。",
    "全面推行“{马上就办}”工作机制，低保审批时限压缩至15个工作日以内。",
    "深入开展社会救助领域群众身边腐败和作风问题专项整治，推动救助工作{常态化}、规范化。",
    "资金发放实行社会化发放，通过“一卡通”直接打入救助对象个人账户，严禁代领、冒领。",
    "建立低收入人口动态监测机制，依托省级平台开展数据比对，实现主动发现、精准救助。",
    "严格执行公示制度，公示内容不得包含救助对象的身份证号码、银行账号、详细住址等个人隐私信息。",
    "推进[残疾人]两项补贴“跨省通办”，申请人可在居住地提出申请，实现“全程网办”。",
    "对[艾滋病]病毒感染者和病人中的困难群众，按规定落实医疗救助和生活救助政策。",
    "加强[未成年人]保护工作，健全农村留守儿童和困境儿童关爱服务体系。",
    "持续做好老年人、[残疾人]等特殊群体的春节慰问，确保困难群众温暖过冬。",
];

/// 市场监管, 行政执法.
pub const ENFORCEMENT: &[&str] = &[
    "全面落实行政执法公示、执法全过程记录、重大执法决定法制审核“三项制度”。",
    "加强食品安全监管，重点检查学校食堂、农贸市场和小餐饮店，守住不发生系统性风险的底线。",
    "严厉打击无证无照经营、销售假冒伪劣商品等违法行为，维护公平竞争的市场秩序。",
    "推行包容审慎监管，对首次轻微违法并及时改正的，依法不予行政处罚。",
    "开展成品油市场专项整治，严查非法销售{柴油}、汽油的“黑加油站点”。",
    "进一步规范行政处罚自由裁量权，严格执行{程序规范}要求，做到过罚相当。",
    "围绕“五一”“国庆”{黄金周}等重要节点，加大对景区、商场的价格监督检查力度。",
];

/// 一般政务.
pub const GENERAL: &[&str] = &[
    "各单位应当建立健全政府信息公开审查机制，明确审查的程序和责任，做好发布前的保密审查。",
    "会议强调，要持续优化营商环境，深化“放管服”改革，提升政务服务效能和群众满意度。",
    "加强项目资金监管，严格执行财务管理制度，确保专款专用，提高资金使用效益。",
    "全面落实安全生产责任制，开展隐患排查治理，坚决遏制重特大事故发生。",
    "扎实推进乡村振兴，培育壮大农业产业化{龙头企业}，带动农户增收致富。",
    "认真贯彻落实中央八项规定精神，{严格落实}“过紧日子”要求，压减一般性支出。",
    "推动经济社会{高质量}发展，确保全年地区生产总值增长6%左右。",
    "加快推进$D市民服务中心建设，实现政务服务事项“一窗受理、集成服务”。",
    "组织全$Q党员干部赴{张家界}、韶山等地开展革命传统教育。",
    "学习借鉴北京{王府井}步行街改造提升经验，推进城市商圈提质升级。",
    "$Q{林业局}要加强森林防火巡查，严防野外违规用火。",
    "庆祝中华人民共和国成立75{周年}系列活动要务实节俭，不搞铺张浪费。",
    "加强{江河湖库}水环境治理，全面落实河湖长制。",
    "规范{石材}加工企业环境管理，依法查处无证开采行为。",
    "严禁以任何名义向群众收取{钱款}，切实减轻基层负担。",
    "利用“<12345>”政务服务便民热线、门户网站等渠道，畅通群众诉求表达渠道。",
    "依法管理[宗教]事务，开展平安寺观教堂创建活动。",
    "加快{高铁}新城片区开发建设，完善配套基础设施。",
    "引导{金融机构}加大对小微企业的信贷支持力度。",
    "集中整治占道经营和{马路}市场，规范夜市摊点管理。",
    "推动{黄河}流域生态保护和{高质量}发展。",
    "做好地方志{史料}征集和年鉴编纂工作。",
    "深入开展{白色}污染治理，推进塑料垃圾减量。",
    "组织农技人员深入{田间}地头开展春耕生产技术指导。",
];

/// Every word that begins with a surname character and is labeled wherever it occurs
/// (the `{word}` markers above); none contains another.
pub const SURNAME_WORDS: &[&str] = &[
    "高度重视",
    "马上就办",
    "常态化",
    "柴油",
    "程序规范",
    "黄金周",
    "龙头企业",
    "严格落实",
    "高质量",
    "张家界",
    "王府井",
    "林业局",
    "周年",
    "江河湖库",
    "石材",
    "钱款",
    "高铁",
    "金融机构",
    "马路",
    "黄河",
    "史料",
    "白色",
    "田间",
];

/// Every attribute word of policy text labeled wherever it occurs (the `[word]` markers
/// above); none contains another.
pub const POLICY_WORDS: &[&str] = &[
    "残疾人",
    "重大疾病",
    "严重精神障碍患者",
    "孤儿",
    "事实无人抚养儿童",
    "刑满释放人员",
    "社区矫正对象",
    "尿毒症",
    "恶性肿瘤",
    "艾滋病",
    "未成年人",
    "宗教",
];

/// 人事招聘.
pub const HIRING: &[&str] = &[
    "本次招聘坚持“公开、平等、竞争、择优”的原则，严格按照招聘公告规定的程序进行。",
    "经笔试、资格复审、面试、体检和考察等程序，确定拟聘用人员。",
    "拟聘用人员须在规定时间内到$D人力资源和社会保障局办理聘用手续，逾期视为自动放弃。",
    "聘用人员实行试用期制度，试用期满考核合格的予以正式聘用。",
    "公示期间，如对拟聘用人员有异议，可通过来电、来信、来访等方式反映，反映问题要实事求是。",
];

/// 信访: the basis (before the complaint), the right to review and thanks (after).
pub const PETITION_BASIS: &str = "根据《信访工作条例》第三十三条之规定，现将处理意见答复如下。";
pub const PETITION_REVIEW: &str =
    "如对本处理意见不服，可自收到本意见书之日起30日内向$C$D人民政府请求复查。";
pub const PETITION_THANKS: &str = "感谢你对我$Q工作的关心和支持，欢迎继续监督。";

/// 会议.
pub const MEETING: &[&str] = &[
    "会议指出，今年以来全$Q经济运行总体平稳、稳中有进，但仍面临不少困难和挑战。",
    "会议要求，各责任单位要倒排工期、挂图作战，确保项目按期完工。",
    "会议原则同意$Q民政局提出的城乡低保标准调整方案，由$Q财政局做好资金保障。",
    "会议强调，要{高度重视}防汛抗旱工作，压实各级责任，做好物资储备和应急值守。",
    "会议决定，由$Q城管局牵头，会同有关街道开展违法建设专项整治行动。",
    "会议研究了[残疾人]就业帮扶工作，要求落实按比例安排就业政策。",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn markers(open: char, close: char) -> Vec<&'static str> {
        let mut out = Vec::new();
        for pool in [SOCIAL, ENFORCEMENT, GENERAL, HIRING, MEETING] {
            for s in pool.iter() {
                let mut rest: &'static str = s;
                while let Some(i) = rest.find(open) {
                    let from = rest.get(i + open.len_utf8()..).unwrap_or("");
                    let Some(end) = from.find(close) else { break };
                    out.push(from.get(..end).unwrap_or(""));
                    rest = from.get(end..).unwrap_or("");
                }
            }
        }
        out
    }

    #[test]
    fn marked_words_are_in_the_global_lists() {
        for w in markers('{', '}') {
            assert!(w.starts_with('$') || SURNAME_WORDS.contains(&w), "{w}");
        }
        for w in markers('[', ']') {
            assert!(POLICY_WORDS.contains(&w), "{w}");
        }
    }

    #[test]
    fn no_listed_word_contains_another() {
        let all: Vec<&str> = SURNAME_WORDS.iter().chain(POLICY_WORDS).copied().collect();
        for a in &all {
            for b in &all {
                assert!(a == b || !a.contains(b), "{a} contains {b}");
            }
        }
    }
}
