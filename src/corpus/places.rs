//! Places for the corpus: the issuing unit's region (names, area code, county code, plate
//! prefix, roads, 街道, 村), detailed personal addresses down to 号/栋/单元/室/组, unit
//! office addresses and addresses that stop at the street or village.

use super::ids::between;
use crate::synth::Rng;

/// The county-level area a document comes from.
pub struct Region {
    pub province: &'static str,
    pub city: &'static str,
    pub county: &'static str,
    /// 区长 / 县长 / 市长 of the county-level government.
    pub head: &'static str,
    /// One-character short name used in 文号 (`开民发〔2024〕12号`).
    pub abbr: &'static str,
    pub area_code: &'static str,
    pub code6: &'static str,
    pub plate: &'static str,
    pub roads: &'static [&'static str],
    pub streets: &'static [&'static str],
    pub communities: &'static [&'static str],
    pub estates: &'static [&'static str],
    pub towns: &'static [&'static str],
    pub villages: &'static [&'static str],
    /// Percent of minority names among people of this region.
    pub minority_pct: usize,
    /// Pinyin initials of the county, as in the unit's mailbox (`kfqmzj@163.com`).
    pub initials: &'static str,
}

pub const REGIONS: &[Region] = &[
    Region {
        province: "湖南省",
        city: "长沙市",
        county: "开福区",
        head: "区长",
        abbr: "开",
        area_code: "0731",
        code6: "430105",
        plate: "湘A",
        roads: &[
            "芙蓉中路",
            "湘江中路",
            "三一大道",
            "营盘东路",
            "北辰路",
            "德雅路",
            "东风路",
            "湘雅路",
        ],
        streets: &[
            "清水塘街道",
            "四方坪街道",
            "望麓园街道",
            "伍家岭街道",
            "东风路街道",
        ],
        communities: &[
            "清水塘社区",
            "荷花池社区",
            "德雅村社区",
            "湘雅路社区",
            "新竹社区",
        ],
        estates: &[
            "福城家园",
            "北辰三角洲",
            "金泰小区",
            "湘江世纪城",
            "德雅新村",
        ],
        towns: &["捞刀河镇", "青竹湖镇", "沙坪镇"],
        villages: &["新港村", "双河村", "大明村", "金霞村", "彭家巷村"],
        minority_pct: 2,
        initials: "kfq",
    },
    Region {
        province: "湖北省",
        city: "武汉市",
        county: "洪山区",
        head: "区长",
        abbr: "洪",
        area_code: "027",
        code6: "420111",
        plate: "鄂A",
        roads: &[
            "珞喻路",
            "雄楚大道",
            "民族大道",
            "武珞路",
            "关山大道",
            "南湖大道",
        ],
        streets: &[
            "珞南街道",
            "关山街道",
            "狮子山街道",
            "张家湾街道",
            "梨园街道",
        ],
        communities: &["桂子山社区", "南湖花园社区", "关山村社区", "洪山社区"],
        estates: &["保利花园", "南湖山庄", "光谷新世界", "珞珈山水", "丽岛花园"],
        towns: &["天兴乡", "花山镇", "左岭镇"],
        villages: &["新民村", "花山村", "豹澥村", "湖口村"],
        minority_pct: 2,
        initials: "hsq",
    },
    Region {
        province: "四川省",
        city: "成都市",
        county: "武侯区",
        head: "区长",
        abbr: "武",
        area_code: "028",
        code6: "510107",
        plate: "川A",
        roads: &[
            "一环路南四段",
            "武侯祠大街",
            "人民南路四段",
            "科华北路",
            "高升桥东路",
            "佳灵路",
        ],
        streets: &[
            "浆洗街街道",
            "望江路街道",
            "玉林街道",
            "红牌楼街道",
            "簇桥街道",
        ],
        communities: &["玉林北路社区", "锦官新城社区", "红牌楼社区", "双凤桥社区"],
        estates: &[
            "锦官新城",
            "棕北小区",
            "桐梓林公寓",
            "龙湖三千里",
            "凯德风尚",
        ],
        towns: &["金花桥街道", "簇锦街道"],
        villages: &["江安村", "金花村", "顺江村"],
        minority_pct: 6,
        initials: "whq",
    },
    Region {
        province: "河南省",
        city: "郑州市",
        county: "金水区",
        head: "区长",
        abbr: "金",
        area_code: "0371",
        code6: "410105",
        plate: "豫A",
        roads: &["花园路", "农业路", "经三路", "纬五路", "东风路", "金水路"],
        streets: &[
            "经八路街道",
            "花园路街道",
            "文化路街道",
            "丰产路街道",
            "杜岭街道",
        ],
        communities: &["纬五路社区", "省委家属院社区", "黄河路社区", "北林路社区"],
        estates: &["金水花园", "中原新城", "建业森林半岛", "银基花园"],
        towns: &["祭城路街道", "兴达路街道"],
        villages: &["东赵村", "祭城村", "庙李村"],
        minority_pct: 3,
        initials: "jsq",
    },
    Region {
        province: "湖南省",
        city: "长沙市",
        county: "宁乡市",
        head: "市长",
        abbr: "宁",
        area_code: "0731",
        code6: "430182",
        plate: "湘A",
        roads: &["花明北路", "人民西路", "一环北路", "金洲大道", "玉潭中路"],
        streets: &["玉潭街道", "白马桥街道", "历经铺街道"],
        communities: &["香山社区", "北门社区", "南湖社区"],
        estates: &["碧桂园", "宁乡一品", "香山国际"],
        towns: &[
            "道林镇",
            "花明楼镇",
            "灰汤镇",
            "流沙河镇",
            "煤炭坝镇",
            "双江口镇",
        ],
        villages: &[
            "炭河里村",
            "金洲村",
            "鹊山村",
            "黄材村",
            "楚江村",
            "大成桥村",
        ],
        minority_pct: 1,
        initials: "nxs",
    },
    Region {
        province: "新疆维吾尔自治区",
        city: "乌鲁木齐市",
        county: "天山区",
        head: "区长",
        abbr: "天",
        area_code: "0991",
        code6: "650102",
        plate: "新A",
        roads: &["解放南路", "新华北路", "延安路", "团结路", "东门路"],
        streets: &["解放南路街道", "团结路街道", "幸福路街道", "胜利路街道"],
        communities: &["二道桥社区", "大湾北社区", "幸福路社区", "团结路社区"],
        estates: &["天山花园", "幸福花园", "东方明珠小区", "南湖名都"],
        towns: &["水磨沟乡", "乌拉泊乡"],
        villages: &["东戈壁村", "红山村", "水磨沟村"],
        minority_pct: 45,
        initials: "tsq",
    },
    Region {
        province: "广西壮族自治区",
        city: "南宁市",
        county: "青秀区",
        head: "区长",
        abbr: "青",
        area_code: "0771",
        code6: "450103",
        plate: "桂A",
        roads: &[
            "民族大道",
            "竹溪大道",
            "东葛路",
            "古城路",
            "金湖路",
            "凤翔路",
        ],
        streets: &["新竹街道", "中山街道", "津头街道", "建政街道", "南湖街道"],
        communities: &["东葛社区", "竹溪社区", "金湖社区", "埌东社区"],
        estates: &["凤岭小区", "荣和山水美地", "万科城", "东盟商务区公寓"],
        towns: &["伶俐镇", "长塘镇", "南阳镇"],
        villages: &["那坡村", "长塘村", "刘圩村", "伶俐村"],
        minority_pct: 2,
        initials: "qxq",
    },
];

fn pick(rng: &mut Rng, items: &'static [&'static str]) -> &'static str {
    rng.pick(items).copied().unwrap_or("")
}

/// Chinese numerals for small numbers (`三`, `十二`), as some addresses write them.
pub fn cn_number(n: u32) -> String {
    const D: [&str; 10] = ["零", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let d = |i: u32| D.get(i as usize).copied().unwrap_or("");
    match n {
        0..=9 => d(n).to_string(),
        10 => "十".to_string(),
        11..=19 => format!("十{}", d(n % 10)),
        _ if n.is_multiple_of(10) && n < 100 => format!("{}十", d(n / 10)),
        20..=99 => format!("{}十{}", d(n / 10), d(n % 10)),
        _ => n.to_string(),
    }
}

/// A detailed home address (reaches 号/栋/单元/室/组). `short` leaves out province and
/// city, as lists usually do.
pub fn home_address(rng: &mut Rng, r: &Region, short: bool) -> String {
    let prefix = match (short, rng.below(3)) {
        (true, 0) => String::new(),
        (true, _) => r.county.to_string(),
        (false, 0) => format!("{}{}{}", r.province, r.city, r.county),
        (false, _) => format!("{}{}", r.city, r.county),
    };
    let road = pick(rng, r.roads);
    let no = between(rng, 1, 388);
    let building = between(rng, 1, 28);
    let unit = between(rng, 1, 6);
    let floor = between(rng, 1, 26);
    let room = format!("{floor}{:02}", between(rng, 1, 4));
    let body = match rng.below(8) {
        0 => format!(
            "{road}{no}号{}{building}栋{unit}单元{room}室",
            pick(rng, r.estates)
        ),
        1 => format!("{road}{no}号{building}栋{room}室"),
        2 => format!("{}{building}-{unit}-{room}", pick(rng, r.estates)),
        3 => format!(
            "{}{}{}组{}号",
            pick(rng, r.towns),
            pick(rng, r.villages),
            between(rng, 1, 16),
            between(rng, 1, 80)
        ),
        4 => format!(
            "{}{}{}组",
            pick(rng, r.towns),
            pick(rng, r.villages),
            cn_number(between(rng, 1, 16))
        ),
        5 => format!("{road}{no}号院{building}号楼{unit}单元{room}"),
        6 => format!(
            "{}{}栋{}单元{room}房",
            pick(rng, r.estates),
            cn_number(building),
            cn_number(unit)
        ),
        _ => format!("{road}{no}号{building}幢{room}室"),
    };
    format!("{prefix}{body}")
}

/// An address that stops at the street, community or village: not detailed.
pub fn coarse_address(rng: &mut Rng, r: &Region) -> String {
    match rng.below(4) {
        0 => format!("{}{}", r.county, pick(rng, r.streets)),
        1 => format!("{}{}", pick(rng, r.streets), pick(rng, r.communities)),
        2 => format!("{}{}", pick(rng, r.towns), pick(rng, r.villages)),
        _ => format!("{}{}{}", r.city, r.county, pick(rng, r.streets)),
    }
}

/// The office address of a unit of the county government.
pub fn unit_address(rng: &mut Rng, r: &Region) -> String {
    let road = pick(rng, r.roads);
    let no = between(rng, 1, 500);
    match rng.below(4) {
        0 => format!("{}{}{road}{no}号", r.city, r.county),
        1 => format!(
            "{}{road}{no}号{}政府大院{}号楼",
            r.county,
            r.county,
            between(rng, 1, 6)
        ),
        2 => format!(
            "{}{road}{no}号{}楼{}室",
            r.county,
            between(rng, 2, 12),
            between(rng, 201, 1218)
        ),
        _ => format!(
            "{}{}{road}{no}号市民之家{}楼",
            r.city,
            r.county,
            between(rng, 1, 5)
        ),
    }
}

/// A project site (建设地点): a place, not a person's home.
pub fn project_location(rng: &mut Rng, r: &Region) -> String {
    let road = pick(rng, r.roads);
    match rng.below(3) {
        0 => format!("{}{road}{}号", r.county, between(rng, 1, 900)),
        1 => {
            let other = pick(rng, r.roads);
            format!("{}{road}与{other}交汇处东北角", r.county)
        }
        _ => format!(
            "{}{}{}组",
            r.county,
            pick(rng, r.villages),
            between(rng, 1, 12)
        ),
    }
}

/// A shop or company address (经营场所, 住所 of an enterprise).
pub fn business_address(rng: &mut Rng, r: &Region) -> String {
    let road = pick(rng, r.roads);
    match rng.below(3) {
        0 => format!("{}{road}{}号门面", r.county, between(rng, 1, 600)),
        1 => format!(
            "{}{road}{}号{}商铺{}号",
            r.county,
            between(rng, 1, 600),
            pick(rng, r.estates),
            between(rng, 1, 60)
        ),
        _ => format!("{}{}{road}{}号", r.city, r.county, between(rng, 1, 600)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chinese_numerals() {
        assert_eq!(cn_number(3), "三");
        assert_eq!(cn_number(12), "十二");
        assert_eq!(cn_number(20), "二十");
        assert_eq!(cn_number(35), "三十五");
    }

    #[test]
    fn home_addresses_reach_house_level() {
        let mut rng = Rng::new(3);
        for r in REGIONS {
            for _ in 0..40 {
                let short = rng.below(2) == 0;
                let a = home_address(&mut rng, r, short);
                assert!(
                    ["号", "栋", "幢", "单元", "室", "组", "房", "-"]
                        .iter()
                        .any(|k| a.contains(k)),
                    "{a}"
                );
            }
        }
    }
}
