//! People for the corpus: Han names from ~330 single and 25 compound surnames and ~400
//! given-name characters, minority names (`阿卜杜拉·买买提`, `扎西次仁`), their masked
//! forms, and the sensitive attributes (diagnoses, disability grades, religion, criminal
//! record) that get tied to them.
//!
//! Places (regions, personal and unit addresses) live in [`super::places`].

use crate::synth::Rng;

/// Single-character surnames, roughly by frequency (the first ~100 cover most people).
const SURNAMES: &str = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉仝郜海阚花权强帅屠豆朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊母裘修邰赫杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇湛宾戎勾茅利於居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧闭由";

/// Rare surnames, some outside everyday vocabularies.
const RARE_SURNAMES: &str = "禤蒯訾逄仉笪厍邗郗缑郄亓琚眭闾蓟暴钭禚郦殳苌佴羿谯晖鄂酆隗濮";

/// 复姓
const COMPOUND_SURNAMES: &[&str] = &[
    "欧阳", "司马", "上官", "诸葛", "东方", "皇甫", "尉迟", "公孙", "慕容", "长孙", "宇文", "司徒",
    "夏侯", "令狐", "钟离", "端木", "西门", "南宫", "独孤", "呼延", "申屠", "闻人", "澹台", "公冶",
    "百里",
];

/// Common given-name characters (about 400, each once).
const GIVEN: &str = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超霞刚桂兰华建国文辉玲红鹏飞宇浩凯鑫波斌宁婷雪琳晶颖慧莉倩燕萍梅琴云凤玉珍春海林峰龙彬亮成俊志新光荣德福贵生祥瑞安康永泉泽源清洁淑惠珊蓉佳欣怡悦然晨曦阳昊轩睿博思雨涵梓萱诗语若依可心子逸辰宸铭皓航楷晟煜烨哲瀚嘉懿琪璐瑶媛妍蕾薇菲芸茜莹琦璇岚露霖丹妮娇姗冬梁森杨柏松竹兵武毅锋坚钢铁山石岩峻崇高远忠孝仁义礼信智勤俭恒益增添旺盛隆昌茂发富财宝金银锦绣彩霓虹霄雯婧娴婉婕媚嫣妤娅姝姣妙娥嫦翠芬芝芹芷苹茹荷莲菊蓓蕙蔚薰秋夏雁鸿鹤鸾莺鹃鸣声乐歌舞瑟笛箫书画墨砚卷册典章诚实敬恭谦和顺平稳定泰禄寿喜庆吉利祺祯晖旭昕晓暄晴朗润泓涌洪澜浪淼漫洲渊湘沅澧江河湖溪泊沛淳潇凌霜冰冉丰登耕农桑麦禾稻穗粮谷豪雄威猛敢韧耀煌炜烁熙焕炎灿燃焱炳昭显彰晋升腾跃翔程达通畅捷聪想念怀恩馨香蕊芯苗茁壮健宏大广阔深厚重坤乾元亨贞卫保家邦振兴中民东方彦桐楠萌璟琛瑾琰瑜璋珏玮琼瑛骏驰骁垚犇晗昱暖柔雅琬瑗婵妲娓媱嫒沁沐泠澄湛澈滢潼漪霏霁蓝青翊羽翎栋樟梧桦杉柯枫";

const MINORITY_FIRST: &[&str] = &[
    "阿卜杜拉",
    "买买提",
    "艾力",
    "吐尔逊",
    "艾合买提",
    "阿不都",
    "伊力哈木",
    "努尔",
    "热合曼",
    "亚森",
    "卡德尔",
    "吾斯曼",
    "塔依尔",
    "肉孜",
    "依明",
    "阿迪力",
    "库尔班",
    "麦麦提",
    "古丽",
    "阿依古丽",
    "热依拉",
    "帕提古丽",
    "迪丽拜尔",
    "阿依努尔",
    "米娜",
    "祖丽菲亚",
    "再努尔",
    "热孜亚",
    "阿米娜",
    "哈斯木",
];
const MINORITY_FATHER: &[&str] = &[
    "买买提",
    "艾力",
    "吐尔逊",
    "阿不都热依木",
    "依明",
    "克里木",
    "玉素甫",
    "沙吾提",
    "托合提",
    "司马义",
    "阿布力孜",
    "斯拉木",
    "吾甫尔",
    "卡哈尔",
    "努尔兰",
];
/// Tibetan and Mongolian names: no surname and no dot.
const NO_SURNAME: &[&str] = &[
    "扎西次仁",
    "格桑卓玛",
    "旦增平措",
    "次仁央金",
    "达瓦多吉",
    "拉姆措",
    "巴特尔",
    "其木格",
    "那日苏",
    "额尔敦",
    "乌兰图雅",
    "斯琴高娃",
];

/// Two-character strings that are everyday words, never used as generated names.
const NOT_NAMES: &[&str] = &[
    "和平", "文明", "高明", "平安", "安全", "金融", "方正", "明白", "江山", "高兴", "高峰", "成功",
    "成才", "成立", "明亮", "国家", "华夏", "宁静", "安康", "宁夏", "程序", "高远", "金银", "平稳",
    "安定", "和顺", "利益", "华丽", "方便", "高贵", "富贵", "时光", "时代", "文章", "文化", "高潮",
    "向上", "万岁", "计划", "强大", "宾馆", "国庆", "安静", "明星", "雷雨", "海洋", "林木", "石油",
    "黄金", "白云", "左右", "江河", "元旦", "云南", "海南", "湖南", "信心", "严格", "干净", "但是",
    "支持", "于是", "包容", "乐观", "车辆",
];

/// How a name is built: drives the `class` of a flagged name.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shape {
    Han,
    Compound,
    Minority,
}

#[derive(Clone, Debug)]
pub struct Name {
    pub full: String,
    /// The part kept by masks: the surname, or the first character of a minority name.
    pub surname: String,
    pub shape: Shape,
}

impl Name {
    /// The class of a flagged occurrence: the name's shape when unusual, else `position`.
    pub fn class(&self, position: &'static str) -> &'static str {
        match self.shape {
            Shape::Minority => "minority",
            Shape::Compound => "compound_surname",
            Shape::Han => position,
        }
    }
}

fn nth_char(s: &str, rng: &mut Rng) -> char {
    let n = s.chars().count();
    s.chars().nth(rng.below(n)).unwrap_or('明')
}

fn single_surname(rng: &mut Rng) -> char {
    // Skewed like real frequencies: the head of the list most of the time.
    let r = rng.below(100);
    let n = SURNAMES.chars().count();
    let i = if r < 55 {
        rng.below(30)
    } else if r < 85 {
        30 + rng.below(90)
    } else if r < 97 {
        rng.below(n)
    } else {
        return nth_char(RARE_SURNAMES, rng);
    };
    SURNAMES.chars().nth(i.min(n - 1)).unwrap_or('王')
}

/// A person's name: mostly Han names of 2–3 characters, some compound surnames (3–4
/// characters) and `minority_pct` percent minority names.
pub fn name(rng: &mut Rng, minority_pct: usize) -> Name {
    let r = rng.below(100);
    if r < minority_pct {
        return minority_name(rng);
    }
    if r < minority_pct + 5 {
        let surname = rng.pick(COMPOUND_SURNAMES).copied().unwrap_or("欧阳");
        let given_len = if rng.below(3) == 0 { 1 } else { 2 };
        return Name {
            full: format!("{surname}{}", given(rng, given_len)),
            surname: surname.to_string(),
            shape: Shape::Compound,
        };
    }
    loop {
        let surname = single_surname(rng);
        let given_len = if rng.below(10) < 3 { 1 } else { 2 };
        let full = format!("{surname}{}", given(rng, given_len));
        if !NOT_NAMES.contains(&full.as_str()) {
            return Name {
                full,
                surname: surname.to_string(),
                shape: Shape::Han,
            };
        }
    }
}

fn given(rng: &mut Rng, len: usize) -> String {
    let mut s = String::new();
    while s.chars().count() < len {
        let c = nth_char(GIVEN, rng);
        // 叠字 (婷婷) is fine; the same character thrice is not a name.
        s.push(c);
    }
    s
}

fn minority_name(rng: &mut Rng) -> Name {
    if rng.below(4) == 0 {
        let full = rng
            .pick(NO_SURNAME)
            .copied()
            .unwrap_or("扎西次仁")
            .to_string();
        let surname = full.chars().take(1).collect();
        return Name {
            full,
            surname,
            shape: Shape::Minority,
        };
    }
    let first = rng.pick(MINORITY_FIRST).copied().unwrap_or("艾力");
    let father = rng.pick(MINORITY_FATHER).copied().unwrap_or("买买提");
    Name {
        full: format!("{first}·{father}"),
        surname: first.chars().take(1).collect(),
        shape: Shape::Minority,
    }
}

/// Writes the middle dot of a minority name another common way (`•`, `・`, `.`); only for
/// UTF-8 documents (GBK has `·` alone).
pub fn vary_dot(full: &str, rng: &mut Rng) -> String {
    let dot = match rng.below(6) {
        0 => "•",
        1 => "・",
        2 => ".",
        _ => "·",
    };
    full.replace('·', dot)
}

/// How a document masks names; one style per document, as real offices do.
#[derive(Clone, Copy, Debug)]
pub enum NameMask {
    /// 张某
    Mou,
    /// 张某某
    MouMou,
    /// 张*
    Star,
    /// 张**
    StarStar,
    /// 张X
    X,
    /// 张××
    Cross,
    /// 张〇〇
    Ling,
}

pub const NAME_MASKS: [NameMask; 7] = [
    NameMask::Mou,
    NameMask::MouMou,
    NameMask::Star,
    NameMask::StarStar,
    NameMask::X,
    NameMask::Cross,
    NameMask::Ling,
];

pub fn mask_name(name: &Name, mask: NameMask) -> String {
    let tail = match mask {
        NameMask::Mou => "某",
        NameMask::MouMou => "某某",
        NameMask::Star => "*",
        NameMask::StarStar => "**",
        NameMask::X => "X",
        NameMask::Cross => "××",
        NameMask::Ling => "〇〇",
    };
    format!("{}{tail}", name.surname)
}

/// A diagnosis as written in a 病种 column or a sentence.
pub const ILLNESSES: &[&str] = &[
    "尿毒症",
    "恶性肿瘤",
    "白血病",
    "精神分裂症",
    "双相情感障碍",
    "重度抑郁症",
    "慢性肾功能衰竭",
    "肝硬化失代偿期",
    "脑梗死后遗症",
    "癫痫",
    "耐多药肺结核",
    "系统性红斑狼疮",
    "再生障碍性贫血",
    "帕金森病",
    "乳腺癌",
    "肺癌",
    "血友病",
    "先天性心脏病",
    "脑瘫",
    "艾滋病",
];

const DISABILITY_KINDS: &[&str] = &["肢体", "视力", "听力", "言语", "智力", "精神", "多重"];
const GRADES: &[&str] = &["一级", "二级", "三级", "四级"];

/// A disability class and grade, written as in a 残疾等级 column (`肢体二级`) or in prose
/// (`肢体残疾二级`, `二级肢体残疾`).
pub fn disability(rng: &mut Rng, prose: bool) -> String {
    let kind = rng.pick(DISABILITY_KINDS).copied().unwrap_or("肢体");
    let grade = rng.pick(GRADES).copied().unwrap_or("二级");
    match (prose, rng.below(2)) {
        (false, _) => format!("{kind}{grade}"),
        (true, 0) => format!("{kind}残疾{grade}"),
        (true, _) => format!("{grade}{kind}残疾"),
    }
}

pub const RELIGIONS: &[&str] = &["伊斯兰教", "基督教", "天主教", "佛教"];

/// Criminal-record and drug attributes as they are written next to a person.
pub const RECORDS: &[&str] = &["刑满释放人员", "社区矫正对象", "吸毒人员", "戒毒康复人员"];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_have_no_duplicates() {
        for list in [SURNAMES, RARE_SURNAMES, GIVEN] {
            let mut chars: Vec<char> = list.chars().collect();
            let n = chars.len();
            chars.sort_unstable();
            chars.dedup();
            assert_eq!(
                chars.len(),
                n,
                "duplicate in {}",
                list.get(..12).unwrap_or("")
            );
        }
        assert!(SURNAMES.chars().count() >= 300);
        assert!(GIVEN.chars().count() >= 380);
    }

    #[test]
    fn names_have_expected_shapes_and_masks() {
        let mut rng = Rng::new(5);
        let mut shapes = [0usize; 3];
        for _ in 0..500 {
            let n = name(&mut rng, 10);
            let len = n.full.chars().count();
            match n.shape {
                Shape::Han => {
                    shapes[0] += 1;
                    assert!((2..=3).contains(&len), "{}", n.full);
                }
                Shape::Compound => {
                    shapes[1] += 1;
                    assert!((3..=4).contains(&len), "{}", n.full);
                }
                Shape::Minority => shapes[2] += 1,
            }
            assert!(mask_name(&n, NameMask::MouMou).starts_with(&n.surname));
        }
        assert!(shapes.iter().all(|&s| s > 0), "{shapes:?}");
    }
}
