use super::*;

fn names(text: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let words: Vec<&str> = anchor_words().collect();
    let mut anchors = Vec::new();
    for (index, w) in words.iter().enumerate() {
        // The engine's automaton folds width: `,男` matches `，男`.
        let folded = w.replace('，', ",").replace('（', "(");
        for form in [w.to_string(), folded] {
            for (start, _) in text.match_indices(form.as_str()) {
                anchors.push(LiteralMatch {
                    start,
                    end: start + form.len(),
                    index,
                });
            }
        }
        anchors.dedup_by_key(|m| (m.start, m.index));
    }
    find(text, anchors, &mut out);
    out.sort_by_key(|c| c.start);
    out.iter()
        .map(|c| {
            let official = c.source == Source::Builtin(rules::PERSON_NAME_OFFICIAL);
            (text[c.start..c.end].to_string(), official)
        })
        .collect()
}

fn personal(text: &str) -> Vec<String> {
    names(text)
        .into_iter()
        .filter(|(_, off)| !off)
        .map(|(n, _)| n)
        .collect()
}

#[test]
fn labels() {
    assert_eq!(personal("当事人：张伟，男，1985年生"), ["张伟"]);
    assert_eq!(personal("申请人王建国因病致贫"), ["王建国"]);
    assert_eq!(personal("姓名：欧阳娜娜"), ["欧阳娜娜"]);
    assert_eq!(personal("被处罚人李娜驾驶机动车"), ["李娜"]);
    assert_eq!(personal("户主 赵秀英"), ["赵秀英"]);
    assert_eq!(personal("信访人：阿卜杜拉·买买提，住"), ["阿卜杜拉·买买提"]);
}

#[test]
fn ordinary_words_after_cues() {
    assert!(personal("联系人：办公室").is_empty());
    assert!(personal("申请人：本单位").is_empty());
    assert!(personal("负责人：各乡镇").is_empty());
    assert!(personal("当事人：王府井百货公司").is_empty());
    assert!(personal("申请人：张家界市某公司").is_empty());
    assert!(personal("当事人张某某，男").is_empty());
}

#[test]
fn official_capacity() {
    assert_eq!(names("区长张伟出席会议"), [("张伟".to_string(), true)]);
    assert_eq!(names("主持人：李娜"), [("李娜".to_string(), true)]);
    assert_eq!(
        names("联系人：王强，联系电话：0731-84567890"),
        [("王强".to_string(), true)]
    );
    assert_eq!(
        names("联系人：王强，联系电话：13800138000"),
        [("王强".to_string(), true)]
    );
    assert_eq!(
        names("联系人：王强，身份证号11010519491231002X"),
        [("王强".to_string(), false)]
    );
    assert_eq!(
        names("任命张建军同志为区民政局局长"),
        [("张建军".to_string(), true)]
    );
}

#[test]
fn enumerations_and_tongzhi() {
    assert_eq!(
        personal("授予王强、李娜、赵建国等同志"),
        ["王强", "李娜", "赵建国"]
    );
    assert_eq!(personal("申请人：王强、李娜"), ["王强", "李娜"]);
    assert_eq!(personal("向刘德华同志学习"), ["刘德华"]);
    assert!(personal("加强林业、水利、交通建设").is_empty());
    assert!(personal("高度重视、周密部署、马上行动").is_empty());
    let official = names("出席：区长张伟、副区长李娜");
    assert!(official.iter().all(|(_, off)| *off), "{official:?}");
}

#[test]
fn given_names_that_are_also_function_words() {
    assert_eq!(
        personal("经研究，确定董祥媛、孙和、罗宸义等10名同志为拟聘用人员"),
        ["董祥媛", "孙和", "罗宸义"]
    );
    assert_eq!(personal("申请人张伟和李娜"), ["张伟"]);
}

#[test]
fn pre_appointment_notices_name_officials() {
    let text = "宇文翔添，女，汉族，1972年2月生，现任区财政局局长，拟任区信访局局长。";
    assert_eq!(names(text), [("宇文翔添".to_string(), true)]);
}

#[test]
fn lists_with_names_without_surnames() {
    assert_eq!(
        personal("决定授予达瓦多吉、阿迪力·努尔兰、梁焕、王强等同志称号"),
        ["达瓦多吉", "阿迪力·努尔兰", "梁焕", "王强"]
    );
    // Words, not names: most items have no surname.
    assert!(personal("推进教育、医疗、养老、住房等民生工作").is_empty());
}

#[test]
fn rows_of_names_set_apart_by_spaces() {
    assert_eq!(
        personal("附件：名单\n谯岚茜　郑歌　熊岩蓓　吴民沛\n中共洪山区委员会"),
        ["谯岚茜", "郑歌", "熊岩蓓", "吴民沛"]
    );
    assert!(personal("一、 二、 三、").is_empty());
    assert!(personal("序号 姓名 工作单位").is_empty());
}

#[test]
fn quick_post_filters_cover_every_post() {
    for post in POSTS {
        let (first, last) = (post.chars().next(), post.chars().last());
        assert!(
            first.is_some_and(|c| POST_FIRST_CHARS.contains(c)),
            "{post}"
        );
        assert!(last.is_some_and(|c| POST_LAST_CHARS.contains(c)), "{post}");
    }
}

#[test]
fn names_without_a_han_surname_and_spaced_headers() {
    assert_eq!(personal("违法行为人额尔敦，男"), ["额尔敦"]);
    assert_eq!(
        personal("来信人： 戴茂方\n宋铁家，女，2002年3月出生"),
        ["戴茂方", "宋铁家"]
    );
    assert_eq!(
        personal("秦金蕊（女）　胡珏　何永鹃　罗香桂　莫翠福　邓杉　白杰皓　揭蔚茜　康芝"),
        [
            "秦金蕊",
            "胡珏",
            "何永鹃",
            "罗香桂",
            "莫翠福",
            "邓杉",
            "白杰皓",
            "揭蔚茜",
            "康芝"
        ]
    );
    assert_eq!(
        personal("户主：迪丽拜尔·阿不都热依木，女"),
        ["迪丽拜尔·阿不都热依木"]
    );
    assert_eq!(personal("当事人额尔敦在其暂住处"), ["额尔敦"]);
    let aligned = "序号  姓 名  性别\n1  孙溪枫  女\n2  卢岩  男\n";
    assert_eq!(personal(aligned), ["孙溪枫", "卢岩"]);
    assert_eq!(
        personal("确定唐鸾、徐霜晨、何瑛煌等9名同志为拟录用人员"),
        ["唐鸾", "徐霜晨", "何瑛煌"]
    );
    // Not a list of people without that end and with rare given-name characters.
    assert!(personal("推进金融、林业、马政等工作").is_empty());
}

#[test]
fn lists_wrapped_over_lines_with_sexes_and_dotted_names() {
    assert_eq!(
        personal("附件：名单\n林礼娅（女）、高泽、罗熙、\n王洋、邱辉文\n中共武侯区委员会"),
        ["林礼娅", "高泽", "罗熙", "王洋", "邱辉文"]
    );
    assert_eq!(
        personal("阿依古丽·沙吾提，女，1997年2月出生"),
        ["阿依古丽·沙吾提"]
    );
}

#[test]
fn crlf_rows_prepositions_and_names_ending_in_xin_or_yuan() {
    assert_eq!(
        personal("秦金蕊（女）　胡珏　何永鹃\r\n"),
        ["秦金蕊", "胡珏", "何永鹃"]
    );
    assert_eq!(personal("经查，当事人李宇自2021年9月3日起"), ["李宇"]);
    assert_eq!(
        personal("姓名\t金额\r\n蒋添心\t500\r\n蒲蕊元\t300\r\n"),
        ["蒋添心", "蒲蕊元"]
    );
    assert!(personal("向伊力哈木•司马义同志学习")
        .iter()
        .all(|n| n != "司马义"));
}

/// Pathological repetitions finish (work per position is bounded; a quadratic pass would
/// take minutes here).
#[test]
fn pathological_repetitions_finish() {
    for unit in ["张伟、", "当事人：", "同志", "，男", "王强　", "姓名\t"] {
        let text = unit.repeat(50_000);
        let found = names(&text).len();
        assert!(found <= text.len(), "{unit}");
    }
}
