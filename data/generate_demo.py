"""Build the demo store: a plausible, invented Jiayuguan investment store (示例数据).

Deterministic: the same seed gives byte-identical tables. It reproduces the published 2023
figures exactly (domain.md): 60 new signed projects, 473.95 亿元 signed (2022: 233.53 亿元),
176.56 亿元 funds arrived (2022: 123.25 亿元), 162 visits (85 inbound, 77 outbound, of which 21 led
by principal leaders and 44 by other city leaders).

    python data/generate_demo.py --out data/demo.duckdb

Amounts are kept as whole fen (分, 0.01 万元) integers while generating so sums are exact, and
written as DECIMAL(18,2) 万元.
"""

from __future__ import annotations

import argparse
import datetime as dt
import math
import os
import random
import sys
from pathlib import Path

import duckdb
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from zsgt.pinyin import pinyin_of_parts  # noqa: E402  (companies' name_pinyin / name_initials)
from zsgt.store import refresh_derived  # noqa: E402

HERE = Path(__file__).resolve().parent
SCHEMA = HERE / "schema.sql"
DEFAULT_SEED = 20240322  # the day of the city's 2024 investment conference
FIRST_YEAR, LAST_YEAR, LAST_QUARTER = 2019, 2026, 3
DATA_END = dt.date(2026, 9, 30)

# Published figures, in fen of 万元 (1 亿元 = 10,000 万元 = 1,000,000 fen).
SIGNED_COUNT = {2019: 30, 2020: 32, 2021: 38, 2022: 46, 2023: 60, 2024: 56, 2025: 52, 2026: 36}
SIGNED_TOTAL = {  # 万元 × 100
    2019: 1_050_000_00, 2020: 1_280_000_00,
    2021: 1_612_000_00, 2022: 2_335_300_00, 2023: 4_739_500_00,
    2024: 5_120_000_00, 2025: 5_530_000_00, 2026: 3_870_000_00,
}
ARRIVED_TOTAL = {2022: 1_232_500_00, 2023: 1_765_600_00}
VISITS_2023 = {("inbound", None): 85, ("outbound", "principal"): 21,
               ("outbound", "city_leader"): 44, ("outbound", "department"): 12}

DEPARTMENTS = [
    ("invest", "市投资促进局", "Investment Promotion Bureau"),
    ("drc", "市发展和改革委员会", "Development and Reform Commission"),
    ("industry", "市工业和信息化局", "Industry and IT Bureau"),
    ("commerce", "市商务局", "Commerce Bureau"),
    ("tourism", "市文体广电和旅游局", "Culture, Sports and Tourism Bureau"),
    ("agri", "市农业农村局", "Agriculture and Rural Affairs Bureau"),
    ("science", "市科学技术局", "Science and Technology Bureau"),
    ("land", "市自然资源局", "Natural Resources Bureau"),
    ("sasac", "市国资委", "State-owned Assets Commission"),
    ("finance", "市财政局", "Finance Bureau"),
    ("north_park", "嘉北工业园区管委会", "Jiabei Industrial Park Committee"),
    ("east_park", "嘉东工业园区管委会", "Jiadong Industrial Park Committee"),
]

# chain_id, name_zh, name_en, lead department, responsible city leader, colour
CHAINS = [
    ("steel", "钢", "Steel", "industry", "市长", "#4E79A7"),
    ("aluminium", "铝", "Aluminium", "north_park", "常务副市长", "#A0CBE8"),
    ("nuclear", "核", "Nuclear", "drc", "市委副书记", "#B07AA1"),
    ("new_energy", "新能源", "New energy", "drc", "分管工业副市长", "#59A14F"),
    ("logistics", "商贸物流", "Commerce & logistics", "commerce", "分管商务副市长", "#F28E2B"),
    ("culture_tourism", "文旅融合创新", "Culture-tourism innovation", "tourism", "分管文旅副市长", "#E15759"),
    ("agriculture", "现代农业", "Modern agriculture", "agri", "分管农业副市长", "#8CD17D"),
    ("future", "新质生产力和未来产业", "New-quality forces & future industries", "science",
     "市委书记", "#76B7B2"),
]

# chain -> segment -> [(node suffix, name_zh, name_en)]
NODES = {
    "steel": {
        "upstream": [("ore", "铁矿石采选", "Iron ore"), ("coke", "焦煤焦炭", "Coking coal"),
                     ("alloy", "锰硅合金", "Manganese-silicon alloy"), ("carburant", "提质煤及增碳剂", "Carburant")],
        "midstream": [("smelt", "钢铁冶炼", "Iron and steel making"), ("rolling", "板材轧制", "Rolling"),
                      ("stainless", "不锈钢", "Stainless steel")],
        "downstream": [("structure", "钢结构", "Steel structures"), ("equipment", "装备制造", "Equipment"),
                       ("scrap", "废钢及切边料再利用", "Scrap recycling"), ("slag", "钢渣综合利用", "Slag use")],
    },
    "aluminium": {
        "upstream": [("alumina", "氧化铝", "Alumina"), ("anode", "预焙阳极", "Prebaked anodes"),
                     ("power", "自备电力", "Captive power")],
        "midstream": [("electrolytic", "电解铝", "Primary aluminium"), ("alloy", "铝合金", "Aluminium alloys")],
        "downstream": [("profile", "铝型材", "Profiles"), ("foil", "铝箔", "Foil"),
                       ("auto", "汽车轻量化部件", "Automotive parts"), ("recycle", "再生铝", "Recycled aluminium")],
    },
    "nuclear": {
        "upstream": [("uranium", "核燃料配套", "Fuel supply"), ("material", "核级材料", "Nuclear-grade materials")],
        "midstream": [("equipment", "核电装备", "Nuclear equipment"), ("services", "核技术服务", "Nuclear services"),
                      ("lines", "中广核线路配套", "CGN line delivery")],
        "downstream": [("isotope", "同位素应用", "Isotope applications"), ("waste", "放射性废物处置", "Waste disposal"),
                       ("medical", "核医学", "Nuclear medicine")],
    },
    "new_energy": {
        "upstream": [("silicon", "多晶硅", "Polysilicon"), ("wind_parts", "风机部件", "Wind turbine parts"),
                     ("hydrogen_eq", "氢能装备", "Hydrogen equipment")],
        "midstream": [("pv_module", "光伏组件", "PV modules"), ("hjt", "高效异质结电池", "Heterojunction cells"),
                      ("storage", "储能电站", "Energy storage"), ("wind_farm", "风电场", "Wind farms")],
        "downstream": [("grid", "电网与外送", "Grid and export"), ("green_h2", "绿氢应用", "Green hydrogen"),
                       ("ops", "运维服务", "O&M services")],
    },
    "logistics": {
        "upstream": [("port", "国际港务区", "Inland port"), ("rail", "铁路专用线", "Rail sidings")],
        "midstream": [("warehouse", "仓储物流", "Warehousing"), ("cold_chain", "智慧冷链", "Cold chain"),
                      ("bonded", "保税物流", "Bonded logistics")],
        "downstream": [("trade", "大宗商品贸易", "Commodity trade"), ("ecommerce", "电子商务", "E-commerce"),
                       ("retail", "商贸综合体", "Retail complexes")],
    },
    "culture_tourism": {
        "upstream": [("heritage", "长城文化遗产", "Great Wall heritage"), ("ip", "文创IP", "Creative IP")],
        "midstream": [("scenic", "景区开发", "Scenic areas"), ("hotel", "酒店民宿", "Hotels"),
                      ("sports", "体育赛事", "Sports events")],
        "downstream": [("performing", "演艺娱乐", "Performing arts"), ("study", "研学旅行", "Study tours"),
                       ("digital", "数字文旅", "Digital tourism")],
    },
    "agriculture": {
        "upstream": [("seed", "种业", "Seeds"), ("facility", "设施农业", "Greenhouse farming")],
        "midstream": [("livestock", "畜牧养殖", "Livestock"), ("processing", "农产品加工", "Food processing"),
                      ("kitchen", "中央厨房", "Central kitchens")],
        "downstream": [("coldstore", "冷链配送", "Cold distribution"), ("brand", "品牌营销", "Branding")],
    },
    "future": {
        "upstream": [("data_center", "数据中心", "Data centres"), ("5g", "5G网络", "5G networks")],
        "midstream": [("software", "工业软件", "Industrial software"), ("digital_tower", "数字塔信息化", "Digital tower IT"),
                      ("materials", "新材料", "New materials")],
        "downstream": [("ai", "人工智能应用", "AI applications"), ("carbon", "碳材料", "Carbon materials"),
                       ("solid_waste", "固废资源化", "Solid-waste recovery")],
    },
}

PARKS = [
    ("jiabei", "嘉北工业园区", "Jiabei Industrial Park", 98.265, 39.865, "1280.00"),
    ("jiadong", "嘉东工业园区", "Jiadong Industrial Park", 98.395, 39.790, "860.00"),
    ("jiaxi", "嘉西光伏产业园", "Jiaxi Gobi PV Park", 98.080, 39.745, "5200.00"),
    ("port", "嘉峪关国际港务区", "Jiayuguan Inland Port", 98.335, 39.815, "410.00"),
    ("guancheng", "关城文化旅游景区", "Pass Fort Tourism Area", 98.225, 39.800, None),
    ("downtown", "中心城区", "City centre", 98.290, 39.772, "75.00"),
]

FUNDS = [
    ("guidance", "嘉峪关市产业发展引导基金", "guidance", 200_000_00),
    ("new_energy_fund", "新能源产业投资基金（嘉峪关子基金）", "industry", 300_000_00),
    ("metal_fund", "冶金新材料产业基金", "industry", 150_000_00),
    ("tourism_fund", "文旅融合发展基金", "industry", 50_000_00),
    ("agri_fund", "现代农业发展基金", "industry", 30_000_00),
    ("venture", "科技创新创业投资基金", "venture", 40_000_00),
    ("special", "招商引资产业扶持专项资金", "special", 1_000_00),  # ≥ 1000 万元 a year
]
CHAIN_FUNDS = {
    "steel": ["metal_fund", "guidance"], "aluminium": ["metal_fund", "guidance"],
    "nuclear": ["guidance"], "new_energy": ["new_energy_fund", "guidance"],
    "logistics": ["guidance"], "culture_tourism": ["tourism_fund"],
    "agriculture": ["agri_fund"], "future": ["venture", "guidance"],
}

# Named projects of the article (invented figures): name, company, chain, node, park, year, 万元
NAMED_PROJECTS = [
    ("宁夏舍光储能电站项目", "宁夏舍光新能源有限公司", "new_energy", "storage", "jiaxi", 2023, 52_000_000),
    ("索通低碳产业园项目", "索通发展股份有限公司", "future", "carbon", "jiabei", 2023, 45_000_000),
    ("华能高效异质结示范平台", "华能甘肃能源开发有限公司", "new_energy", "hjt", "jiaxi", 2023, 38_500_000),
    ("中广核线路配套送出工程", "中广核新能源投资有限公司", "nuclear", "lines", "jiaxi", 2023, 12_600_000),
    ("年产12万吨锰硅合金项目", "嘉峪关宏晟冶金有限公司", "steel", "alloy", "jiabei", 2023, 9_800_000),
    ("“数字塔”信息化应用项目", "甘肃数字雄关科技有限公司", "future", "digital_tower", "downtown", 2023, 1_200_000),
    ("5G新建工程", "中国移动甘肃公司嘉峪关分公司", "future", "5g", "downtown", 2023, 2_600_000),
    ("碳钢切边废料再利用项目", "嘉峪关鑫源再生资源有限公司", "steel", "scrap", "jiadong", 2023, 1_800_000),
    ("浙江和利氢能装备项目", "浙江和利氢能科技股份有限公司", "new_energy", "hydrogen_eq", "jiadong", 2023, 8_500_000),
    ("20万吨固废资源化处置项目", "嘉峪关绿源环保科技有限公司", "future", "solid_waste", "jiabei", 2023, 3_200_000),
    ("提质煤及高碳增碳剂项目", "甘肃恒泰碳素有限公司", "steel", "carburant", "jiabei", 2023, 2_400_000),
    ("新华联合冶金项目", "新华联合冶金控股集团有限公司", "steel", "smelt", "jiabei", 2023, 15_000_000),
    ("博丰新材料铝材生产项目", "嘉峪关博丰新材料有限公司", "aluminium", "profile", "jiabei", 2023, 6_500_000),
    ("鹏光伏科技组件项目", "远鹏集团嘉峪关鹏光伏科技有限公司", "new_energy", "pv_module", "jiaxi", 2023, 11_000_000),
    ("顺恒智慧冷链物流园", "嘉峪关顺恒智慧冷链物流有限公司", "logistics", "cold_chain", "port", 2023, 4_200_000),
    ("弘源央厨中央厨房项目", "甘肃弘源央厨食品有限公司", "agriculture", "kitchen", "downtown", 2023, 1_500_000),
]
NAMED_TARGETS = [  # the target companies the article names
    ("宝武铝业科技有限公司", "上海", "上海", "central_soe", "aluminium", "alloy"),
    ("河北文丰钢铁有限公司", "河北", "邢台", "private", "steel", "rolling"),
    ("华为技术有限公司", "广东", "深圳", "private", "future", "data_center"),
    ("中国中钢集团有限公司", "北京", "北京", "central_soe", "steel", "ore"),
]

PROVINCES = [("甘肃", ["兰州", "酒泉", "张掖", "金昌", "白银"]), ("北京", ["北京"]), ("上海", ["上海"]),
             ("江苏", ["南京", "苏州", "无锡"]), ("浙江", ["杭州", "宁波", "温州"]),
             ("广东", ["深圳", "广州", "佛山"]), ("河北", ["石家庄", "唐山", "邢台"]),
             ("宁夏", ["银川", "石嘴山"]), ("陕西", ["西安", "宝鸡"]), ("四川", ["成都", "绵阳"]),
             ("山东", ["济南", "青岛", "烟台"]), ("内蒙古", ["呼和浩特", "包头"]),
             ("新疆", ["乌鲁木齐", "哈密"]), ("天津", ["天津"]), ("湖北", ["武汉", "宜昌"]),
             ("福建", ["福州", "厦门"]), ("河南", ["郑州", "洛阳"]), ("青海", ["西宁"])]
BRAND_CHARS = "华鑫恒瑞泰盛兴宏祥远鹏达金源通宇博宝丰隆昌晟和润嘉信诚安康明德中天海东方正新"
CHAIN_WORDS = {
    "steel": ["钢铁", "冶金", "特钢", "金属制品"], "aluminium": ["铝业", "铝材", "轻合金"],
    "nuclear": ["核能", "核技术", "核工装备"], "new_energy": ["新能源", "光伏", "风电", "储能", "氢能"],
    "logistics": ["物流", "供应链", "商贸", "国际贸易"], "culture_tourism": ["文旅", "文化传媒", "旅游开发"],
    "agriculture": ["农业", "食品", "牧业", "种业"], "future": ["科技", "数据", "智能", "新材料", "信息技术"],
}
SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司", "科技有限公司"]
# a project's name: the first characters of its company's name, one of its chain's words, 项目
PROJECT_WORDS = {
    "steel": ["钢材深加工", "冶金辅料", "金属制品"], "aluminium": ["铝材深加工", "铝合金", "再生铝"],
    "nuclear": ["核技术应用", "核工装备"], "new_energy": ["光伏发电", "风电", "储能", "绿氢"],
    "logistics": ["物流园", "仓储中心", "商贸中心"], "culture_tourism": ["文旅综合体", "精品民宿", "研学基地"],
    "agriculture": ["现代农业产业园", "农产品加工", "设施农业"], "future": ["数据中心", "新材料", "智能制造"],
}

BLUE_TITLES = ["对接企业高层并报送洽谈进展", "组织项目研判会商", "完成投资协议文本审核", "赴企业总部开展回访",
               "提供要素保障清单", "编制项目可行性初步意见"]
RED_TITLES = ["协调办理项目备案", "完成规划选址意见", "推进土地招拍挂", "协调电力接入", "协调用水用气指标",
              "办理施工许可", "协调环评批复", "解决施工用地平整"]
RESOURCES = [
    ("iron_ore", "镜铁山铁矿", "mineral", "48000.00", "万吨", 97.95, 39.42, None, [("steel", "steel_ore")]),
    ("limestone", "石灰石矿", "mineral", "12000.00", "万吨", 98.05, 39.60, None, [("steel", "steel_smelt")]),
    ("wind", "风能资源（可开发装机）", "energy", "600.00", "万千瓦", 98.05, 39.95, None,
     [("new_energy", "new_energy_wind_farm"), ("new_energy", "new_energy_green_h2")]),
    ("solar", "光伏可开发装机", "energy", "1000.00", "万千瓦", 98.08, 39.74, "jiaxi",
     [("new_energy", "new_energy_pv_module"), ("new_energy", "new_energy_storage"), ("future", "future_data_center")]),
    ("power", "自备电厂富余电力", "energy", "35.00", "亿千瓦时/年", 98.27, 39.84, "jiabei",
     [("aluminium", "aluminium_electrolytic"), ("future", "future_data_center")]),
    ("land_jiabei", "嘉北园区可用工业用地", "land", "1280.00", "公顷", 98.265, 39.865, "jiabei",
     [("steel", "steel_equipment"), ("aluminium", "aluminium_profile"), ("future", "future_carbon")]),
    ("land_jiadong", "嘉东园区可用工业用地", "land", "860.00", "公顷", 98.395, 39.79, "jiadong",
     [("new_energy", "new_energy_hydrogen_eq"), ("steel", "steel_scrap")]),
    ("land_jiaxi", "嘉西戈壁未利用地", "land", "5200.00", "公顷", 98.08, 39.745, "jiaxi",
     [("new_energy", "new_energy_storage"), ("new_energy", "new_energy_hjt")]),
    ("slag", "钢渣", "byproduct", "300.00", "万吨/年", 98.28, 39.83, "jiabei",
     [("steel", "steel_slag"), ("future", "future_solid_waste")]),
    ("waste_heat", "工业余热", "byproduct", "120.00", "万吉焦/年", 98.29, 39.83, "jiabei",
     [("agriculture", "agriculture_facility"), ("logistics", "logistics_warehouse")]),
    ("trimmings", "碳钢切边废料", "byproduct", "15.00", "万吨/年", 98.30, 39.82, "jiadong",
     [("steel", "steel_scrap")]),
    ("al_dross", "铝灰渣", "byproduct", "4.00", "万吨/年", 98.26, 39.86, "jiabei",
     [("aluminium", "aluminium_recycle")]),
    ("water", "讨赖河地表水", "water", "2.10", "亿立方米/年", 98.20, 39.70, None,
     [("agriculture", "agriculture_facility"), ("steel", "steel_smelt")]),
    ("rail_hub", "兰新铁路嘉峪关枢纽", "logistics", "3000.00", "万吨/年", 98.31, 39.79, "port",
     [("logistics", "logistics_rail"), ("logistics", "logistics_trade")]),
    ("airport", "嘉峪关机场", "logistics", "120.00", "万人次/年", 98.34, 39.86, None,
     [("culture_tourism", "culture_tourism_scenic"), ("logistics", "logistics_ecommerce")]),
    ("great_wall", "嘉峪关关城（世界文化遗产，5A级）", "tourism", "1.00", "处", 98.225, 39.80, "guancheng",
     [("culture_tourism", "culture_tourism_heritage"), ("culture_tourism", "culture_tourism_performing")]),
    ("fangte", "方特欢乐世界", "tourism", "1.00", "处", 98.31, 39.76, "downtown",
     [("culture_tourism", "culture_tourism_scenic")]),
    ("overhanging", "悬壁长城", "tourism", "1.00", "处", 98.20, 39.86, None,
     [("culture_tourism", "culture_tourism_study")]),
]

# The chain map's gaps (chain_gaps): node suffixes with no local base, and with a thin one.
# None of them carries a named project of the article; some carry a named target company.
CHAIN_GAPS = {
    "steel": {"missing": ["rolling", "stainless"], "weak": ["ore", "equipment", "structure"]},
    "aluminium": {"missing": ["foil", "auto"], "weak": ["alloy", "recycle"]},
    "nuclear": {"missing": ["uranium", "medical"], "weak": ["material", "waste"]},
    "new_energy": {"missing": ["silicon", "green_h2"], "weak": ["wind_parts", "ops"]},
    "logistics": {"missing": ["bonded"], "weak": ["port", "ecommerce"]},
    "culture_tourism": {"missing": ["ip", "digital"], "weak": ["sports", "performing"]},
    "agriculture": {"missing": ["seed"], "weak": ["brand", "livestock"]},
    "future": {"missing": ["data_center", "ai"], "weak": ["software", "materials"]},
}


def fen_str(fen: int) -> str:
    """Whole fen (0.01 万元) to an exact decimal string of 万元."""
    return f"{fen // 100}.{fen % 100:02d}"


def split_exact(total: int, weights: list[float]) -> list[int]:
    """Integers proportional to weights that add up to total exactly (largest remainder)."""
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [math.floor(r) for r in raw]
    rest = total - sum(parts)
    order = sorted(range(len(raw)), key=lambda i: (raw[i] - parts[i], -i), reverse=True)
    for i in order[:rest]:
        parts[i] += 1
    return parts


def chain_quota(n: int, weights: dict[str, float], taken: list[str], rng: random.Random) -> list[str]:
    """The chains of a year's n signings, in random order, each chain its share of n by weight
    (largest remainder), less the signings `taken` already gives it: so every chain signs about as
    much every year and its year-on-year series stays plausible."""
    quota = dict(zip(weights, split_exact(n, list(weights.values()))))
    for chain_id in taken:
        quota[chain_id] -= 1
    while any(v < 0 for v in quota.values()):  # a chain the named projects gave more than its share
        short = next(c for c, v in quota.items() if v < 0)
        quota[short] += 1
        quota[max(quota, key=lambda c: (quota[c], c))] -= 1
    chains = [c for c, v in quota.items() for _ in range(v)]
    rng.shuffle(chains)
    return chains


def cap_arrivals(cells: dict[tuple[str, int, int], int], cap: dict[str, int]) -> None:
    """Bring every project's total arrivals within its cap (fen), in place. The excess
    comes off its latest quarters; in a year with a published total (ARRIVED_TOTAL) it moves to other
    projects' arrivals of the same quarter that have room, so every quarter's total there stays."""
    total: dict[str, int] = {}
    for (pid, _, _), a in cells.items():
        total[pid] = total.get(pid, 0) + a
    room = {pid: cap[pid] - t for pid, t in total.items()}
    by_quarter: dict[tuple[int, int], list[str]] = {}
    for (pid, y, q) in cells:
        by_quarter.setdefault((y, q), []).append(pid)
    for pid in sorted(p for p, r in room.items() if r < 0):
        for (y, q) in sorted({(y, q) for (p, y, q) in cells if p == pid}, reverse=True):
            if room[pid] >= 0:
                break
            take = min(-room[pid], cells[(pid, y, q)])
            cells[(pid, y, q)] -= take
            room[pid] += take
            if y not in ARRIVED_TOTAL:
                continue
            for other in sorted(by_quarter[(y, q)], key=lambda o: (-room[o], o)):
                give = min(take, room[other]) if other != pid else 0
                if give > 0:
                    cells[(other, y, q)] += give
                    room[other] -= give
                    take -= give
            if take:  # nobody in the quarter had room: keep the quarter's total, the cap gives way
                cells[(pid, y, q)] += take
                room[pid] -= take


def quarter_of(d: dt.date) -> tuple[int, int]:
    return d.year, (d.month - 1) // 3 + 1


def quarter_start(y: int, q: int) -> dt.date:
    return dt.date(y, 3 * q - 2, 1)


def add_days(d: dt.date, n: int) -> dt.date:
    return d + dt.timedelta(days=n)


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return add_days(start, rng.randint(0, (end - start).days))


class Demo:
    """Accumulates the rows of every table; `write` puts them into DuckDB."""

    def __init__(self, seed: int = DEFAULT_SEED, companies: int = 2000, extra_projects: int = 0):
        self.rng = random.Random(seed)
        self.seed = seed
        self.n_companies = companies
        self.extra_projects = extra_projects
        self.rows: dict[str, list[dict]] = {}

    def add(self, table: str, **row) -> None:
        self.rows.setdefault(table, []).append(row)

    # -- reference tables ---------------------------------------------------------------
    def reference(self) -> None:
        for dep_id, zh, en in DEPARTMENTS:
            self.add("departments", department_id=dep_id, name_zh=zh, name_en=en)
        for i, (cid, zh, en, dep, leader, color) in enumerate(CHAINS, start=1):
            self.add("chains", chain_id=cid, name_zh=zh, name_en=en, lead_department_id=dep,
                     sort_order=i, leader_zh=leader, color=color)
        seg_order = ["upstream", "midstream", "downstream"]
        for cid, segs in NODES.items():
            for seg in seg_order:
                for suffix, zh, en in segs[seg]:
                    self.add("chain_nodes", node_id=f"{cid}_{suffix}", chain_id=cid, segment=seg,
                             name_zh=zh, name_en=en)
            # each node supplies one or two nodes of the next segment
            for a, b in [("upstream", "midstream"), ("midstream", "downstream")]:
                links = set()
                for suffix, _, _ in segs[a]:
                    for tgt in self.rng.sample(segs[b], k=min(len(segs[b]), self.rng.choice([1, 2]))):
                        links.add((f"{cid}_{suffix}", f"{cid}_{tgt[0]}"))
                for tgt in segs[b]:  # nothing downstream is left without a supplier
                    if not any(t == f"{cid}_{tgt[0]}" for _, t in links):
                        links.add((f"{cid}_{self.rng.choice(segs[a])[0]}", f"{cid}_{tgt[0]}"))
                for f, t in sorted(links):
                    self.add("chain_links", from_node_id=f, to_node_id=t)
        for pid, zh, en, lon, lat, land in PARKS:
            self.add("parks", park_id=pid, name_zh=zh, name_en=en, lon=lon, lat=lat, available_land_ha=land)
        for fid, zh, kind, size in FUNDS:
            self.add("funds", fund_id=fid, name_zh=zh, kind=kind, size_wan=size, invested_wan=0)
        for rid, zh, kind, qty, unit, lon, lat, park, uses in RESOURCES:
            self.add("resources", resource_id=rid, name_zh=zh, kind=kind,
                     quantity=qty, unit=unit, lon=lon, lat=lat, park_id=park)
            for chain_id, node_id in uses:
                self.add("resource_uses", resource_id=rid, chain_id=chain_id, node_id=node_id)

    def nodes_of(self, chain_id: str) -> list[str]:
        return [n["node_id"] for n in self.rows["chain_nodes"] if n["chain_id"] == chain_id]

    # -- companies and targets ------------------------------------------------------------
    def companies(self) -> None:
        rng = self.rng
        chain_ids = [c[0] for c in CHAINS]
        names: set[str] = set()
        self.company_chain: dict[str, str] = {}

        def put(name, province, city, ownership, size, chain_id, node_id, is_local, parts=None):
            cid = f"C{len(self.rows.get('companies', [])) + 1:07d}"
            names.add(name)
            name_pinyin, name_initials = pinyin_of_parts(parts or [name])  # per part: cached, fast at 1M
            self.add("companies", company_id=cid, name_zh=name, province=province, city=city,
                     ownership=ownership, size=size, chain_id=chain_id, node_id=node_id, is_local=is_local,
                     name_pinyin=name_pinyin, name_initials=name_initials)
            self.company_chain[cid] = chain_id
            return cid

        self.named_company: dict[str, str] = {}
        put("酒泉钢铁（集团）有限责任公司", "甘肃", "嘉峪关", "local_soe", "large", "steel", "steel_smelt", True)
        for _, cname, chain_id, node, _, _, _ in NAMED_PROJECTS:
            local = cname.startswith("嘉峪关") or "嘉峪关" in cname
            self.named_company[cname] = put(cname, "甘肃" if local else "其他", "嘉峪关" if local else "其他",
                                            "private", "large", chain_id, f"{chain_id}_{node}", local)
        for cname, prov, city, own, chain_id, node in NAMED_TARGETS:
            self.named_company[cname] = put(cname, prov, city, own, "large", chain_id, f"{chain_id}_{node}", False)
        # fix the provinces of the named project companies that are not local
        home = {"宁夏舍光新能源有限公司": ("宁夏", "银川"), "索通发展股份有限公司": ("山东", "临邑"),
                "华能甘肃能源开发有限公司": ("甘肃", "兰州"), "中广核新能源投资有限公司": ("广东", "深圳"),
                "浙江和利氢能科技股份有限公司": ("浙江", "宁波"), "新华联合冶金控股集团有限公司": ("北京", "北京"),
                "中国移动甘肃公司嘉峪关分公司": ("甘肃", "嘉峪关"), "远鹏集团嘉峪关鹏光伏科技有限公司": ("甘肃", "嘉峪关"),
                "甘肃弘源央厨食品有限公司": ("甘肃", "嘉峪关"), "甘肃恒泰碳素有限公司": ("甘肃", "嘉峪关"),
                "甘肃数字雄关科技有限公司": ("甘肃", "嘉峪关")}
        for row in self.rows["companies"]:
            if row["name_zh"] in home:
                row["province"], row["city"] = home[row["name_zh"]]
                row["is_local"] = row["city"] == "嘉峪关"
            elif row["province"] == "其他":
                row["province"], row["city"] = "甘肃", "嘉峪关"
        while len(self.rows["companies"]) < self.n_companies:
            chain_id = rng.choice(chain_ids)
            local = rng.random() < 0.15
            prov, cities = ("甘肃", ["嘉峪关"]) if local else rng.choice(PROVINCES)
            city = rng.choice(cities)
            parts = ["嘉峪关" if local else city, "".join(rng.sample(BRAND_CHARS, 2)),
                     rng.choice(CHAIN_WORDS[chain_id]), rng.choice(SUFFIXES)]
            name = "".join(parts)
            if name in names:
                continue
            ownership = rng.choices(["central_soe", "local_soe", "private", "foreign", "other"],
                                    weights=[8, 12, 65, 8, 7])[0]
            size = rng.choices(["large", "medium", "small", "micro"], weights=[20, 35, 35, 10])[0]
            node = rng.choice(self.nodes_of(chain_id)) if rng.random() < 0.9 else None
            put(name, prov, city, ownership, size, chain_id, node, local, parts)

    def targets(self) -> None:
        """Target companies: every non-local named target, then about 60 % of the others."""
        rng = self.rng
        dep_of_chain = {c[0]: c[3] for c in CHAINS}
        named = set(self.named_company[c[0]] for c in NAMED_TARGETS)
        # the status history draws from its own generator, so every other table stays as it was
        history = random.Random(f"{self.seed}:target_status_history")
        for row in self.rows["companies"]:
            cid = row["company_id"]
            if row["is_local"] or (cid not in named and rng.random() > 0.62):
                continue
            status = rng.choices(["not_contacted", "contacted", "visited", "negotiating", "signed", "dropped"],
                                 weights=[40, 25, 15, 10, 5, 5])[0]
            last = None if status == "not_contacted" else random_date(rng, dt.date(2023, 1, 1), DATA_END)
            self.add("target_companies", company_id=cid,
                     priority="a" if cid in named else rng.choices(["a", "b", "c"], weights=[15, 35, 50])[0],
                     status="negotiating" if cid in named else status,
                     owner_department_id=dep_of_chain[row["chain_id"]] if rng.random() < 0.7
                     else rng.choice(DEPARTMENTS)[0],
                     last_contact_date=dt.date(2026, 9, 12) if cid in named else last)
            self.status_history(cid, "negotiating" if cid in named else status,
                                dt.date(2026, 9, 12) if cid in named else last, history)

    STEPS = {"contacted": ["contacted"], "visited": ["contacted", "visited"],
             "negotiating": ["contacted", "visited", "negotiating"],
             "signed": ["contacted", "visited", "negotiating", "signed"]}

    def status_history(self, cid: str, status: str, last: dt.date | None, rng: random.Random) -> None:
        """The steps that led a target to its current status, the last one on its last contact date and
        each earlier one 20-200 days before the next; a dropped target was dropped after one or two
        steps. A target never contacted has no history (it reads not_contacted at every date)."""
        if status == "not_contacted" or last is None:
            return
        steps = self.STEPS.get(status) or ["contacted", "visited"][:rng.randint(1, 2)] + [status]
        if len(steps) > 2 and rng.random() < 0.3:
            steps = [steps[0], *steps[2:]]  # some skip a step (no visit before the negotiation)
        day, dated = last, []
        for step in reversed(steps):
            dated.append((step, day))
            day = add_days(day, -rng.randint(20, 200))
        for step, since in reversed(dated):
            self.add("target_status_history", company_id=cid, status=step, since_date=since)

    # -- projects -------------------------------------------------------------------------
    def projects(self) -> None:
        rng = self.rng
        chain_weights = {"steel": 16, "aluminium": 10, "nuclear": 5, "new_energy": 22, "logistics": 12,
                         "culture_tourism": 10, "agriculture": 9, "future": 16}
        chain_ids = list(chain_weights)
        dep_of_chain = {c[0]: c[3] for c in CHAINS}
        companies = [c for c in self.rows["companies"] if not c["company_id"] in
                     {self.named_company[t[0]] for t in NAMED_TARGETS}]
        by_chain: dict[str, list[dict]] = {}
        for c in companies:
            by_chain.setdefault(c["chain_id"], []).append(c)
        park_of_chain = {"steel": ["jiabei", "jiadong"], "aluminium": ["jiabei"], "nuclear": ["jiaxi", "jiadong"],
                         "new_energy": ["jiaxi", "jiadong"], "logistics": ["port", "jiadong"],
                         "culture_tourism": ["guancheng", "downtown"], "agriculture": ["downtown", "jiadong"],
                         "future": ["jiabei", "downtown", "jiadong"]}
        words = PROJECT_WORDS
        counter = 0

        def new_id():
            nonlocal counter
            counter += 1
            return f"P{counter:06d}"

        planned = []  # (year, dict) signed projects before amounts are fixed
        named_2023 = list(NAMED_PROJECTS)
        for year, n in SIGNED_COUNT.items():
            named = [t[2] for t in named_2023] if year == 2023 else []
            free_chains = chain_quota(n, chain_weights, named, rng)
            for k in range(n):
                if year == 2023 and k < len(named_2023):
                    name, cname, chain_id, node, park, _, amount = named_2023[k]
                    company_id = self.named_company[cname]
                    node_id = f"{chain_id}_{node}"
                else:
                    chain_id = free_chains.pop()
                    comp = rng.choice(by_chain[chain_id])
                    company_id = comp["company_id"]
                    node_id = comp["node_id"] or rng.choice(self.nodes_of(chain_id))
                    park = rng.choice(park_of_chain[chain_id])
                    short = comp["name_zh"].replace("有限公司", "").replace("股份", "").replace("集团", "")
                    name = f"{short[:8]}{rng.choice(words[chain_id])}项目"
                    amount = None
                last_day = DATA_END if year == LAST_YEAR else dt.date(year, 12, 31)
                signed = random_date(rng, dt.date(year, 1, 1), last_day)
                planned.append((year, dict(name=name, company_id=company_id, chain_id=chain_id, node_id=node_id,
                                           park=park, signed=signed, amount=amount)))
        for _ in range(self.extra_projects):
            year = rng.randint(FIRST_YEAR, LAST_YEAR)
            chain_id = rng.choices(chain_ids, weights=list(chain_weights.values()))[0]
            comp = rng.choice(by_chain[chain_id])
            last_day = DATA_END if year == LAST_YEAR else dt.date(year, 12, 31)
            planned.append((None, dict(name=f"{comp['name_zh'][:8]}{rng.choice(words[chain_id])}项目",
                                       company_id=comp["company_id"], chain_id=chain_id,
                                       node_id=comp["node_id"] or rng.choice(self.nodes_of(chain_id)),
                                       park=rng.choice(park_of_chain[chain_id]),
                                       signed=random_date(rng, dt.date(year, 1, 1), last_day),
                                       amount=rng.randint(500, 200_000) * 100)))
        # amounts: the named ones as given, the others lognormal, scaled to the year's exact total
        for year, total in SIGNED_TOTAL.items():
            items = [p for y, p in planned if y == year]
            fixed = sum(p["amount"] for p in items if p["amount"] is not None)
            free = [p for p in items if p["amount"] is None]
            weights = [math.exp(rng.gauss(0, 0.6)) for _ in free]
            for p, a in zip(free, split_exact(total - fixed, weights)):
                p["amount"] = a
        self.project_rows = []
        for _, p in planned:
            self.project_rows.append(self.lifecycle(new_id(), p, dep_of_chain))
        # leads and negotiations not signed yet
        for _ in range(40 + self.extra_projects // 10):
            chain_id = rng.choices(chain_ids, weights=list(chain_weights.values()))[0]
            comp = rng.choice(by_chain[chain_id])
            stage = rng.choice(["lead", "lead", "negotiating", "negotiating", "negotiating", "cancelled"])
            since = random_date(rng, dt.date(2025, 6, 1), DATA_END)
            self.project_rows.append(dict(
                project_id=new_id(), name_zh=f"{comp['name_zh'][:8]}{rng.choice(words[chain_id])}项目",
                company_id=comp["company_id"], chain_id=chain_id,
                node_id=comp["node_id"] or rng.choice(self.nodes_of(chain_id)),
                department_id=dep_of_chain[chain_id] if rng.random() < 0.7 else rng.choice(DEPARTMENTS)[0],
                park_id=rng.choice(park_of_chain[chain_id]), stage=stage, signed_date=None,
                contract_amount_wan=None, fixed_asset_wan=None, planned_start_date=None,
                actual_start_date=None, operational_date=None, fund_id=None,
                referrer=None, stage_since=since, _amount=0))
        for row in self.project_rows:
            amount = row.pop("_amount")
            row["contract_amount_wan"] = fen_str(amount) if row["signed_date"] else None
            self.add("projects", **row)
            row["_amount"] = amount

    def lifecycle(self, project_id: str, p: dict, dep_of_chain: dict) -> dict:
        """Dates and stage of one signed project, as of the end of the data."""
        rng = self.rng
        signed = p["signed"]
        planned_start = add_days(signed, rng.randint(45, 240))
        delay = int(rng.triangular(-30, 400, 20))
        actual = add_days(planned_start, delay)
        if rng.random() < 0.07:
            actual = None  # never starts: stalled or cancelled
        actual = actual if actual and actual <= DATA_END else None
        operational = add_days(actual, rng.randint(240, 720)) if actual else None
        operational = operational if operational and operational <= DATA_END else None
        if operational:
            stage, since = "operational", operational
        elif actual:
            stage, since = "started", actual
        elif (DATA_END - signed).days > 540:
            stage = "cancelled" if rng.random() < 0.3 else "stalled"
            since = add_days(signed, rng.randint(200, 500))
        elif (DATA_END - signed).days > 60:
            stage, since = "procedures", add_days(signed, rng.randint(20, 60))
        else:
            stage, since = "signed", signed
        fund = None
        if rng.random() < 0.28:
            fund = rng.choice(CHAIN_FUNDS[p["chain_id"]])
        referrer = None
        if rng.random() < 0.18:
            referrer = rng.choice("王李张刘陈杨赵黄周吴") + rng.choice(["先生", "女士"]) + f"（引荐人{rng.randint(1, 60):02d}）"
        return dict(project_id=project_id, name_zh=p["name"], company_id=p["company_id"], chain_id=p["chain_id"],
                    node_id=p["node_id"],
                    department_id=dep_of_chain[p["chain_id"]] if rng.random() < 0.75 else rng.choice(DEPARTMENTS)[0],
                    park_id=p["park"], stage=stage, signed_date=signed, contract_amount_wan=None,
                    fixed_asset_wan=fen_str(int(p["amount"] * rng.uniform(0.6, 0.95))),
                    planned_start_date=planned_start, actual_start_date=actual, operational_date=operational,
                    fund_id=fund, referrer=referrer, stage_since=since, _amount=p["amount"])

    def arrivals(self) -> None:
        """Quarterly funds arrived: a little before the start, most in the 3 years after it."""
        rng = self.rng
        raw: dict[tuple[int, int], list[tuple[str, float]]] = {}
        for p in self.project_rows:
            if not p["signed_date"] or p["stage"] == "cancelled":
                continue
            share = rng.uniform(0.45, 0.95)
            start = p["actual_start_date"] or add_days(p["planned_start_date"], 365)
            y, q = quarter_of(p["signed_date"])
            while (y, q) <= (LAST_YEAR, LAST_QUARTER):
                qs = quarter_start(y, q)
                months = (qs - start).days / 30.4
                if months < 0:
                    w = 0.05
                elif months < 36:
                    w = 0.135 * (1 - months / 45)
                else:
                    w = 0.0
                if p["stage"] == "stalled":
                    w *= 0.2
                if w > 0:
                    raw.setdefault((y, q), []).append((p["project_id"], p["_amount"] * share * w * rng.uniform(0.5, 1.5)))
                y, q = (y + 1, 1) if q == 4 else (y, q + 1)
        if os.environ.get("DEMO_DEBUG"):
            for yy in range(FIRST_YEAR, LAST_YEAR + 1):
                print(yy, sum(v for (y, _), e in raw.items() if y == yy for _, v in e) / 1e6)
        cells: dict[tuple[str, int, int], int] = {}  # (project, year, quarter) -> fen, in row order
        for (y, q) in sorted(raw):
            entries = raw[(y, q)]
            if y in ARRIVED_TOTAL:
                # scale the year to the published total, keeping each quarter's and project's share
                shares = [sum(v for _, v in raw[(y, k)]) for k in range(1, 5)]
                totals = split_exact(ARRIVED_TOTAL[y], shares)
                amounts = split_exact(totals[q - 1], [v for _, v in entries])
            else:
                amounts = [int(round(v)) for _, v in entries]
            for (pid, _), a in zip(entries, amounts):
                cells[(pid, y, q)] = a
        # each project's arrivals end between 85 % and 110 % of its contract at most (zsgt.checks
        # warns above 120 %); scaling a year to its published total had pushed some to 134 %
        cap_arrivals(cells, {p["project_id"]: int(p["_amount"] * rng.uniform(0.85, 1.1)) for p in self.project_rows})
        for (pid, y, q), a in cells.items():
            if a > 0:
                self.add("project_quarters", project_id=pid, year=y, quarter=q, funds_arrived_wan=fen_str(a))

    def fund_investments(self) -> None:
        rng = self.rng
        invested: dict[str, int] = {}
        for p in self.project_rows:
            if not p["fund_id"]:
                continue
            amount = int(p["_amount"] * rng.uniform(0.03, 0.12))
            invested[p["fund_id"]] = invested.get(p["fund_id"], 0) + amount
            self.add("fund_investments", fund_id=p["fund_id"], project_id=p["project_id"],
                     amount_wan=fen_str(amount), invested_date=add_days(p["signed_date"], rng.randint(30, 200)))
        # the special support fund: 1000 万元 a year, paid to projects of that year by fixed assets
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            signed = [p for p in self.project_rows if p["signed_date"] and p["signed_date"].year == y
                      and p["stage"] in ("started", "operational") and not p["fund_id"]]
            chosen = rng.sample(signed, k=min(len(signed), rng.randint(5, 9)))
            budget = int(1_000_00 * rng.uniform(0.55, 0.98)) if y < LAST_YEAR else int(1_000_00 * 0.4)
            for p, a in zip(chosen, split_exact(budget, [rng.uniform(1, 3) for _ in chosen])):
                invested["special"] = invested.get("special", 0) + a
                self.add("fund_investments", fund_id="special", project_id=p["project_id"], amount_wan=fen_str(a),
                         invested_date=max(p["actual_start_date"], dt.date(y, 12, 15)) if y < LAST_YEAR
                         else min(add_days(p["actual_start_date"], 30), DATA_END))
        for f in self.rows["funds"]:
            inv = invested.get(f["fund_id"], 0)
            size = max(f["size_wan"], int(inv / rng.uniform(0.55, 0.9)))
            if f["fund_id"] == "special":
                size = max(1_000_00 * (LAST_YEAR - FIRST_YEAR + 1), inv)
            f["size_wan"], f["invested_wan"] = fen_str(size), fen_str(inv)

    def tasks(self) -> None:
        rng = self.rng
        n = 0
        for p in self.project_rows:
            if p["stage"] in ("lead", "negotiating") or (p["signed_date"] and rng.random() < 0.35):
                lists = ["blue"]
            else:
                lists = []
            if p["signed_date"] and p["stage"] in ("signed", "procedures", "stalled", "started") and rng.random() < 0.8:
                lists.append("red")
            for lst in lists:
                for _ in range(rng.randint(1, 3)):
                    n += 1
                    base = p["signed_date"] or p["stage_since"]
                    if lst == "blue":
                        opened = add_days(base, -rng.randint(10, 120)) if p["signed_date"] else base
                    else:
                        opened = add_days(base, rng.randint(5, 200))
                    opened = min(opened, DATA_END)
                    due = add_days(opened, rng.choice([15, 30, 30, 45, 60, 90]))
                    closed = None
                    if due <= DATA_END or rng.random() < 0.3:
                        r = rng.random()
                        if r < 0.62:
                            closed = add_days(opened, rng.randint(3, (due - opened).days))
                        elif r < 0.85:
                            closed = add_days(due, rng.randint(1, 60))
                        closed = closed if closed and closed <= DATA_END else None
                    self.add("tasks", task_id=f"T{n:06d}", project_id=p["project_id"], list=lst,
                             title=rng.choice(BLUE_TITLES if lst == "blue" else RED_TITLES),
                             department_id=p["department_id"] if rng.random() < 0.6 else rng.choice(DEPARTMENTS)[0],
                             opened_date=opened, due_date=due, closed_date=closed)

    def opportunities(self) -> None:
        rng = self.rng
        uses = self.rows["resource_uses"]
        n = 0
        for cid, segs in NODES.items():
            for seg, nodes in segs.items():
                for suffix, zh, _ in nodes:
                    if rng.random() < 0.45:
                        continue
                    n += 1
                    node_id = f"{cid}_{suffix}"
                    res = [u["resource_id"] for u in uses if u["node_id"] == node_id]
                    resource = res[0] if res else None
                    park = next((r["park_id"] for r in self.rows["resources"] if r["resource_id"] == resource), None)
                    self.add("opportunities", opportunity_id=f"O{n:04d}", name_zh=f"{zh}招商项目",
                             chain_id=cid, node_id=node_id, park_id=park or rng.choice(PARKS)[0],
                             resource_id=resource, investment_wan=fen_str(rng.randint(3, 300) * 1_000_00))

    def activities(self) -> None:
        rng = self.rng
        chain_ids = [c[0] for c in CHAINS]
        counterparts = [c["name_zh"] for c in self.rows["companies"][:400]]
        n = 0
        for y in range(FIRST_YEAR, LAST_YEAR + 1):
            if y == 2023:
                plan = []
                for (direction, level), k in VISITS_2023.items():
                    for _ in range(k):
                        plan.append((direction, level or rng.choice(["principal", "city_leader", "department"])))
            else:
                total = rng.randint(110, 170) if y != LAST_YEAR else 120
                plan = [(rng.choice(["inbound", "outbound"]),
                         rng.choices(["principal", "city_leader", "department"], weights=[15, 45, 40])[0])
                        for _ in range(total)]
            last_day = DATA_END if y == LAST_YEAR else dt.date(y, 12, 31)
            for direction, level in plan:
                n += 1
                self.add("activities", activity_id=f"A{n:05d}", activity_date=random_date(rng, dt.date(y, 1, 1), last_day),
                         direction=direction, leader_level=level, department_id=rng.choice(DEPARTMENTS)[0],
                         counterpart=rng.choice(counterparts), chain_id=rng.choice(chain_ids))

    def target_values(self) -> None:
        """Targets: yearly and quarterly, for the city, each chain and each department."""
        city = {2019: (1_000_000, 800_000), 2020: (1_200_000, 900_000), 2021: (1_500_000, 1_000_000), 2022: (2_200_000, 1_200_000), 2023: (4_000_000, 1_600_000),
                2024: (5_000_000, 1_900_000), 2025: (5_500_000, 2_100_000), 2026: (5_800_000, 2_300_000)}
        chain_share = {"steel": 0.16, "aluminium": 0.10, "nuclear": 0.05, "new_energy": 0.25, "logistics": 0.11,
                       "culture_tourism": 0.09, "agriculture": 0.08, "future": 0.16}
        q_share = [0.2, 0.25, 0.25, 0.3]
        for y, (signed, arrived) in city.items():
            scopes = [("city", None, 1.0)] + [("chain", c, s) for c, s in chain_share.items()]
            for scope, sid, share in scopes:
                for metric, value in [("signed_amount", signed), ("funds_arrived", arrived)]:
                    self.add("targets", year=y, quarter=None, scope=scope, scope_id=sid, metric=metric,
                             value=f"{value * share:.4f}")
                    for q in range(1, 5):
                        self.add("targets", year=y, quarter=q, scope=scope, scope_id=sid, metric=metric,
                                 value=f"{value * share * q_share[q - 1]:.4f}")
            for metric, value in [("new_signed_projects", 55 if y >= 2023 else 40),
                                  ("contract_to_start_rate", 0.80), ("fund_arrival_rate", 0.35), ("visits", 150)]:
                self.add("targets", year=y, quarter=None, scope="city", scope_id=None, metric=metric,
                         value=f"{value:.4f}")
            for dep, _, _ in DEPARTMENTS:
                self.add("targets", year=y, quarter=None, scope="department", scope_id=dep,
                         metric="signed_amount", value=f"{signed / len(DEPARTMENTS):.4f}")
                # the quarterly assessment (data/assessment.toml) scores departments on these
                self.add("targets", year=y, quarter=None, scope="department", scope_id=dep,
                         metric="funds_arrived", value=f"{arrived / len(DEPARTMENTS):.4f}")
                for q in range(1, 5):
                    for metric, value in [("signed_amount", signed), ("funds_arrived", arrived)]:
                        self.add("targets", year=y, quarter=q, scope="department", scope_id=dep, metric=metric,
                                 value=f"{value / len(DEPARTMENTS) * q_share[q - 1]:.4f}")

    def chain_gaps(self) -> None:
        """Give every chain missing and weak links (CHAIN_GAPS), so the chain map shows real gaps.

        A missing node keeps no local company and no started/operating project: they move to another
        node of the same chain (pipeline projects stay: they are what could fill the gap). A weak node
        keeps either its local companies but no started project, or its projects but one local company.
        Only node_id changes, so every chain-level and published figure stays as it was. Runs last, on
        its own random stream, so nothing generated before it changes either.
        """
        rng = random.Random(self.seed + 3)
        gap_nodes = {f"{c}_{s}" for c, g in CHAIN_GAPS.items() for s in g["missing"] + g["weak"]}

        def elsewhere(chain_id):
            return rng.choice([n for n in self.nodes_of(chain_id) if n not in gap_nodes])

        operating = ("started", "operational")
        for chain_id, gaps in CHAIN_GAPS.items():
            for i, suffix in enumerate(gaps["missing"] + gaps["weak"]):
                node_id = f"{chain_id}_{suffix}"
                missing = suffix in gaps["missing"]
                locals_ = [c for c in self.rows["companies"] if c["node_id"] == node_id and c["is_local"]]
                keep_locals = 0 if missing else (len(locals_) if i % 2 == 0 else 1)
                for c in locals_[keep_locals:]:
                    c["node_id"] = elsewhere(chain_id)
                if missing or (i % 2 == 0 and locals_):
                    for p in self.rows["projects"]:
                        if p["node_id"] == node_id and p["stage"] in operating:
                            p["node_id"] = elsewhere(chain_id)

    def build(self) -> "Demo":
        self.reference()
        self.companies()
        self.targets()
        self.projects()
        self.arrivals()
        self.fund_investments()
        self.tasks()
        self.opportunities()
        self.activities()
        self.target_values()
        self.chain_gaps()
        return self

    def write(self, path: Path) -> None:
        """Write all tables into a new DuckDB file, atomically (a temp file, then a rename)."""
        path = Path(path)
        tmp = path.with_suffix(path.suffix + ".building")
        tmp.unlink(missing_ok=True)
        con = duckdb.connect(str(tmp))
        try:
            con.execute(SCHEMA.read_text(encoding="utf-8"))
            order = ["departments", "chains", "chain_nodes", "chain_links", "parks", "companies",
                     "target_companies", "target_status_history", "funds", "projects", "project_quarters", "targets", "tasks",
                     "fund_investments", "resources", "resource_uses", "opportunities", "activities"]
            for table in order:
                columns = [c for (c,) in con.execute(
                    "select column_name from information_schema.columns where table_name = ? "
                    "order by ordinal_position", [table]).fetchall()]
                frame = pd.DataFrame(self.rows.get(table, [])).reindex(columns=columns)
                con.from_df(frame).insert_into(table)
            refresh_derived(con)  # target_status_spans from the history just written
            info = {"demo": "true", "seed": str(self.seed), "data_through": DATA_END.isoformat(),
                    "generator": "data/generate_demo.py"}
            for k, v in info.items():
                con.execute("insert into store_info values (?, ?)", [k, v])
            con.execute("checkpoint")
        finally:
            con.close()
        os.replace(tmp, path)


def build(path: Path | str, seed: int = DEFAULT_SEED, companies: int = 2000, extra_projects: int = 0) -> Path:
    Demo(seed, companies, extra_projects).build().write(Path(path))
    return Path(path)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Build the demo DuckDB store (示例数据).")
    ap.add_argument("--out", default=str(HERE / "demo.duckdb"))
    ap.add_argument("--seed", type=int, default=DEFAULT_SEED)
    ap.add_argument("--companies", type=int, default=2000)
    ap.add_argument("--extra-projects", type=int, default=0)
    args = ap.parse_args(argv)
    out = build(args.out, args.seed, args.companies, args.extra_projects)
    print(f"built {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
