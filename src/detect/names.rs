//! Character tables for Chinese personal names: surnames, the characters given names are
//! made of, and the characters that end a name in running text.
//!
//! The tables are statistics, not a dictionary of people: a name is accepted only where
//! context (a label, a name column, an enumeration, `同志`) says a person is named, and
//! these tables then decide where the name ends and reject ordinary words after a cue
//! (`联系人：办公室`, `申请人：本单位`).

/// Single-character surnames, most frequent first (the first 100 cover ~85 % of people;
/// pii-facts §9.1). Duplicates are harmless.
pub const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付傅方白邹孟熊秦邱江尹薛闫阎段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伏仝区郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伊接萧揭钮勾刑苻宿弓怀鹿丘麦蓬郦乜养桓薄钭佴羿由冶仵郗隗昝逄仉笪亢况殳汝鄂暨步訾毋须巢蒯逯竺谯鲜茹战琚禤闾";

/// Compound surnames (复姓), longest match first is not needed: all are two characters.
pub const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "轩辕", "令狐", "钟离", "端木", "独孤", "南宫", "西门", "呼延", "百里", "司空", "闻人",
    "赫连", "澹台", "公冶", "宗政", "濮阳", "淳于", "单于", "太叔", "申屠", "仲孙", "闾丘", "亓官",
    "司寇", "巫马", "公西", "漆雕", "乐正", "公良", "拓跋", "谷梁", "段干", "东郭", "南门", "羊舌",
    "梁丘", "左丘", "东门", "第五", "鲜于",
];

/// Characters common in given names (male and female, old and new generations).
pub const GIVEN: &str = "姗姝婧嫣妍婕娅嫦旭昊晟骁骏炜烨熠焕瑾璇瑶琪珂玥瑜芮荔萌蔚蕾岚嵘澜滢漪潇溪泓淇淼沁澄湘杉桐榕槿栩翊霏霜鸾凰伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国文辉力永健世广志义兴良海山仁波宁贵福生龙元全胜学祥才发武新利清飞彬富顺信子昌成康星光天达安岩中茂进林有坚和彪博诚先敬震振壮会思群豪心邦承乐绍功松善厚庆民友裕河哲江浩亮政谦亨奇固之翰朗伯宏言若鸣朋斌梁栋维启克伦翔旭鹏泽晨辰士以家致树炎德行时泰盛雄琛钧冠策腾楠榕风航弘慧巧美淑惠珠翠雅芝玉萍红娥玲芬燕彩春菊凤洁梅琳素云莲真环雪荣爱妹香月莺媛瑞凡佳嘉琼勤珍贞莉娣叶璧璐娅琦晶妍茜秋珊莎锦黛青倩婷姣婉娴瑾颖露瑶怡婵雁蓓仪荷丹蓉眉君琴蕊薇菁梦岚苑婕馨瑗琰韵融园艺咏卿聪澜纯毓悦昭冰爽琬茗羽希欣飘育滢馥筠柔竹霭凝晓欢霄枫芸菲寒伊亚宜可姬舒影荔枝阳妮宝贝初程梵罡恒鸿桦骅剑娇纪宽灵玛媚琪晴容睿烁堂唯威韦雯苇萱阅彦宇雨忠宗曼紫逸贤蝶菡绿儿烟小轩俊帅鑫昊梓涵铭诺依语嫣汐诗芷沐佑卫东金银根水木火财旺礼智夏冬柏石湖雷电虹辉晖曦昕勋铮锐锋钢铁钰兵书捷凯业吉喜畅麟鹤鹰鹂斐琨瑜璇婧琛璟煜炜烨焱淼森垚鑫磊犇骏驰骋腾飞跃耀熙灿炫然蕾蔚蓝苗芊茹萌莹菱蒙蓬蔓蕙薰藤兰芳菲丰年满仓囤谷粟麦稻禾秀穗荣发珂玥珏琦瑶琳璐瑛琪瑾璋珺玮琨珩瑄瑗瑕晟昱晔晗暄曜景晏晋朝暖晴晨昭旸旻昀春秋夏冬松桐梧桢楷栩桥杭柯杉彤斯嘉丹青红翠紫黛碧莲荷菊梅桃杏李梨樱兵将帅卫国邦民众庆祝贺延年寿长久永恒远达通顺畅隆昌茂盛兴旺发富贵荣华宝珍珠玉金银铜铁钢锡锋锐钧铭钊镇镭锦键钦钟铃鑫淦沛润涵浩淳深清澈湘浚源溪渊泓泽洪涌涛波浪潮汐沁沐汝江河湖海洋洲津渝滨泳治济汉洛泉漫潇蕴修竞竟宸宥宦宁宇安宏宗宣宪宫宾密富寰尊导寿峰岭岳崇嵩巍峻峥嵘川州巧巨帆希席常干平年庆康庚廷建弘张强彦影彬徐德志忠思恒恩悦惠慎慧憬成戈战才承抒拓振捷攀政敏文斌斐新方旭昂昆明星春昭晓晖晨景智暄曙曦月朗望木本杰松林柏栋桂梓森楠樊欣歌正武殿毅民永江沛泰洁洪浩海涛淑润源瀚炎炳烨焕煜照熙燕爱父牧献玉王珊珍琛瑞璋瓒田由甲申男界畅百皓盈益睿知石磊礼祥福禧禄秀秉科程稳章童竹笑筱简紫红纬纯纲纳纶绍经绮维缘美群羲翔翠翰耀聪肃育胜能自致舜航良艳芙芝芬芳芸苏若英茂茵茹莉莎莹菁萌萍萱蒙蓉蓓蔚蕾薇虎虹蛟行衡裕西言誉诗诚语谦豪贝贞财贤赛赞超越路跃轩辉达迪迎进远连逸遥邦郁都醒金鉴长闯闻阳阶隆雁雄雅雨雪雯霖霞露静非韦韵顺颂颜风飞香馨驰骏高魁鸣鸿鹏鹤黎齐龙";

/// Characters that end a name when they follow it in running text: particles, verbs and
/// nouns that typically come right after a person (`张伟驾驶…`, `李娜，女`, `王强等`).
pub const AFTER_NAME: &str = "反驾因于在系是等的为与和及男女户家同身住现性年出自向对将已经所称诉不未无被把从到并也就都还又即曾于应需拒涉违酒持私擅非该之从其某任担兼分共等携带属拨电手联之所称签经营开担负诉申请（(";

/// Characters that never occur in a given name but start or continue the ordinary words
/// found after name labels (`办公室`, `本单位`, `各乡镇`, `相关部门`, `见附件`).
pub const NOT_GIVEN: &str = "办公室局委厅处科部门单位公司集团厂店院所站队组村镇乡街区县市省政府机关中协会额化社合作行业商事务业主管负责各本该此其等及与或见详附件表格名单号码电话地址日月年万亿个次项条款节第一二三四五六七八九十百千零人员对象面内外上下左右前后里";

/// Membership of CJK unified ideographs (U+4E00–U+9FFF) in one of the tables above, as a
/// bitset: `str::contains(char)` over a table of a thousand characters was a linear scan
/// per lookup and dominated detection time.
struct CharSet(Vec<u64>);

const CJK_FIRST: u32 = 0x4E00;
const CJK_LEN: usize = 0x9FFF - 0x4E00 + 1;

impl CharSet {
    fn new(chars: &str) -> CharSet {
        let mut bits = vec![0u64; CJK_LEN.div_ceil(64)];
        for c in chars.chars() {
            if let Some(i) = (c as u32).checked_sub(CJK_FIRST).map(|i| i as usize) {
                if let Some(word) = bits.get_mut(i / 64) {
                    *word |= 1 << (i % 64);
                }
            }
        }
        CharSet(bits)
    }

    fn has(&self, c: char) -> bool {
        let Some(i) = (c as u32).checked_sub(CJK_FIRST).map(|i| i as usize) else {
            return false;
        };
        self.0.get(i / 64).is_some_and(|w| w & (1 << (i % 64)) != 0)
    }
}

struct Tables {
    surnames: CharSet,
    compound_first: CharSet,
    given: CharSet,
    not_given: CharSet,
    after_name: CharSet,
}

static TABLES: std::sync::LazyLock<Tables> = std::sync::LazyLock::new(|| {
    let compound_first: String = COMPOUND_SURNAMES
        .iter()
        .filter_map(|c| c.chars().next())
        .collect();
    Tables {
        surnames: CharSet::new(SURNAMES),
        compound_first: CharSet::new(&compound_first),
        given: CharSet::new(GIVEN),
        not_given: CharSet::new(NOT_GIVEN),
        after_name: CharSet::new(AFTER_NAME),
    }
});

pub fn is_surname(c: char) -> bool {
    TABLES.surnames.has(c)
}

/// Whether `c` typically follows a name in running text ([`AFTER_NAME`]).
pub fn ends_name(c: char) -> bool {
    TABLES.after_name.has(c) || c == '('
}

/// Characters Mongolian, Tibetan and Uyghur names are transliterated with (`额尔敦`,
/// `扎西次仁`, `阿不都热依木`).
const TRANSLITERATION: &str = "阿买提江古丽尔克木吐逊艾力热依扎西次仁旦增平措卓玛格桑拉姆德吉央金巴特其乌兰那日苏额敦塔布孜斯琴高娃哈达图尼努帕迪娜米合沙库亚赛穆罕默伊尤素甫曲珍多杰白嘎宗索朗顿丹强普琼贡卡尕夏洛罗达瓦次旺措姆巴图孟和呼毕勒乃莫日根宝音朝鲁额尔德尼乌云其其格萨仁图雅阿拉坦";

static TRANSLIT: std::sync::LazyLock<CharSet> =
    std::sync::LazyLock::new(|| CharSet::new(TRANSLITERATION));

pub fn is_transliteration(c: char) -> bool {
    TRANSLIT.has(c)
}

pub fn is_han(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c) || ('\u{3400}'..='\u{4DBF}').contains(&c)
}

/// The surname at the start of `s`, if any (compound first), in bytes.
pub fn surname_len(s: &str) -> Option<usize> {
    let first = s.chars().next()?;
    if TABLES.compound_first.has(first) {
        if let Some(c) = COMPOUND_SURNAMES.iter().find(|c| s.starts_with(**c)) {
            return Some(c.len());
        }
    }
    TABLES.surnames.has(first).then(|| first.len_utf8())
}

pub fn is_given(c: char) -> bool {
    TABLES.given.has(c)
}

pub fn not_given(c: char) -> bool {
    !is_han(c) || TABLES.not_given.has(c)
}

/// Middle dots that join the parts of a minority or transliterated name.
pub fn is_name_dot(c: char) -> bool {
    matches!(
        c,
        '·' | '•' | '・' | '･' | '‧' | '∙' | '⋅' | '\u{2E31}' | '.'
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn surnames() {
        assert_eq!(surname_len("欧阳娜娜"), Some(6));
        assert_eq!(surname_len("王伟"), Some(3));
        assert_eq!(surname_len("办公室"), None);
        assert!(is_given('伟') && !is_given('局'));
        assert!(not_given('室') && !not_given('伟'));
    }
}
