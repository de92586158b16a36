"""The 2023 plan, once loaded, equals its source report figure by figure.

Every expected value below was read off the September 2023 work report (2023년 주요
업무보고) of the Seoul Digital Policy Bureau, independently of the plan file that loads it.
Amounts are written as the report prints them, in thousands (천원) or millions (백만원) of
won, and multiplied out here. Headcounts, totals, changes and rates that the report derives
are derived again from the stored figures and compared with what it prints.
"""

import datetime
import re
from collections import defaultdict
from decimal import ROUND_HALF_UP, Decimal

import pytest

from budgets.models import BudgetLine
from departments.models import Department, JobCategory
from projects.models import EntryFigure

pytestmark = pytest.mark.django_db

D = datetime.date
THOUSAND = 1_000  # the budget tables print 천원
MILLION = 1_000_000  # the project texts print 백만원
AS_OF = D(2023, 8, 16)

# ---------------------------------------------------------------------------------------------
# I. 일반 현황: organisation
# ---------------------------------------------------------------------------------------------

PLAN_HEADER = {
    "year": 2023,
    "issued_text": "2023. 9.",
    "as_of": AS_OF,
    "organisation_text": "1정책관 6담당관 28팀, 2사업소",
    "stated_directors": 1,
    "stated_divisions": 6,
    "stated_teams": 28,
    "stated_offices": 2,
}

# code, name, kind, parent code
DEPARTMENTS = [
    ("digital-policy-bureau", "디지털정책관", "bureau", None),
    ("digital-policy", "디지털정책담당관", "division", "digital-policy-bureau"),
    ("big-data", "빅데이터담당관", "division", "digital-policy-bureau"),
    ("information-systems", "정보시스템담당관", "division", "digital-policy-bureau"),
    ("information-disclosure", "정보공개담당관", "division", "digital-policy-bureau"),
    ("spatial-information", "공간정보담당관", "division", "digital-policy-bureau"),
    ("ict-security", "정보통신보안담당관", "division", "digital-policy-bureau"),
    ("data-center", "데이터센터", "office", "digital-policy-bureau"),
    ("seoul-archives", "서울기록원", "office", "digital-policy-bureau"),
    ("digital-policy-planning", "디지털정책기획팀", "team", "digital-policy"),
    ("digital-cooperation", "디지털협력팀", "team", "digital-policy"),
    ("metaverse-seoul", "메타버스서울팀", "team", "digital-policy"),
    ("big-data-analysis", "빅데이터분석팀", "team", "big-data"),
    ("system-innovation", "시스템혁신팀", "team", "information-systems"),
    ("ai-administration", "인공지능행정팀", "team", "information-systems"),
    ("information-disclosure-team", "정보공개팀", "team", "information-disclosure"),
    ("spatial-information-planning", "공간정보기획팀", "team", "spatial-information"),
    ("smart-cctv", "스마트CCTV팀", "team", "ict-security"),
    ("information-resources-operation", "정보자원운영과", "section", "data-center"),
    ("preservation-service", "보존서비스과", "section", "seoul-archives"),
]

# 부서별 주요업무: number of duties, the first and the last as printed
DUTIES = {
    "digital-policy": (8, "스마트도시 및 정보화기본계획 수립 및 조정", "서울디지털재단 지도·감독"),
    "big-data": (6, "빅데이터 기반 행정 활성화 추진", "통계조사 총괄·조정, 통계 간행물·통계조사보고서 발간"),
    "information-systems": (9, "서울시 VDI 시스템 구축", "개인정보보호 관리체계 구축 및 보호활동 강화"),
    "information-disclosure": (
        7,
        "차세대 업무관리시스템 운영 및 자치구 확산",
        "문서실 운영(공인관리, 전자문서 접수·배부, 우편물관리 등)",
    ),
    "spatial-information": (8, "공간정보시스템 구축계획 수립 및 조정", "주소정보(도로명주소) 사업 추진"),
    "ict-security": (
        10,
        "서울시 정보통신 기본계획 수립 및 조정",
        "정보통신공사업 등록 및 정보통신공사 감리원 배치 신고 업무",
    ),
    "data-center": (5, "정보자원 통합 구축 및 운영 계획 수립·조정", "에스플렉스센터 시설 운영 및 입주관리"),
    "seoul-archives": (6, "기록관리제도 및 정책 수립, 관할기관 기록관리 지도·점검", "영구기록관리시스템 구축·운영"),
}

# ---------------------------------------------------------------------------------------------
# 인력 (2023. 8. 16. 기준)
# ---------------------------------------------------------------------------------------------

JOB_CATEGORIES = [
    ("admin", "행정"),
    ("it", "전산"),
    ("broadcasting", "방송통신"),
    ("cadastral", "지적"),
    ("other", "기타"),
    ("research", "연구직"),
    ("specialist", "전문경력관"),
    ("fixed-term", "임기제"),
    ("operations", "관리운영직"),
]
CATEGORY_CODES = [code for code, _name in JOB_CATEGORIES]
ADMIN_TECHNICAL_GROUP = {"admin", "it", "broadcasting", "cadastral", "other"}  # 행정·기술직군

# department: 정원, 합계, headcount per category in CATEGORY_CODES order (None: empty cell), 과부족
STAFFING = {
    "digital-policy": (36, 35, (18, 11, 3, None, None, None, None, 2, 1), -1),
    "big-data": (28, 26, (8, 10, None, None, None, None, 2, 5, 1), -2),
    "information-systems": (27, 26, (6, 13, 4, None, None, None, None, 3, None), -1),
    "information-disclosure": (25, 24, (10, 8, None, None, 1, 3, None, None, 2), -1),
    "spatial-information": (25, 24, (3, 5, 2, 9, None, None, 4, 1, 0), -1),  # 관리운영직 printed "0"
    "ict-security": (36, 35, (3, 1, 28, None, None, None, None, 2, 1), -1),
    "data-center": (68, 62, (6, 24, 12, None, 7, None, None, 8, 5), -6),
    "seoul-archives": (24, 22, (5, 2, 1, None, 5, 5, 1, 3, None), -2),
}

# The 계 row: 정원 269, 현원 254, 과부족 △15, and each category with its share of 254
STAFFING_TOTAL = (269, 254, -15)
STAFFING_TOTAL_BY_CATEGORY = {
    "admin": (59, "23.2"),
    "it": (74, "29.1"),
    "broadcasting": (50, "19.7"),
    "cadastral": (9, "3.5"),
    "other": (13, "5.1"),
    "research": (8, "3.1"),
    "specialist": (7, "2.8"),
    "fixed-term": (24, "9.4"),
    "operations": (10, "3.9"),
}

# The two ※ lines under the table: a phrase of the line, and its figures (value, unit)
STAFFING_NOTES = [
    ("43명", {("43", "명"), ("37", "명"), ("86.0", "%")}),
    ("자격증", {("254", "명"), ("63", "%"), ("122", "명"), ("38", "명")}),
]

# ---------------------------------------------------------------------------------------------
# II. 주요 현안업무: the nine projects
# ---------------------------------------------------------------------------------------------

# number, title, lead department, teams, a phrase of the goal, budget (백만원), budget text as printed (start)
PROJECTS = [
    (
        1,
        "「글로벌 스마트도시 서울」 리더십 확립",
        "digital-policy",
        {"digital-policy-planning", "digital-cooperation"},
        "스마트 선도도시 서울의 글로벌 리더십 강화",
        637,
        "637백만원(서울 스마트도시 상 342백만원, 스마트시티 포럼 295백만원)",
    ),
    (
        2,
        "메타버스 서울 운영(1단계) 및 구축(2단계)",
        "digital-policy",
        {"metaverse-seoul"},
        "신개념 공공서비스를 제공하기 위한",
        2_814,
        "총 2,814백만원(전산개발비 2,554백만원, 공공운영비 240백만원, 사무관리비 20백만원)",
    ),
    (
        3,
        "「민·관 데이터 융합분석」을 통한 상생도시 구현",
        "big-data",
        {"big-data-analysis"},
        "시민참여형 협력체계 구축으로 해결할 수 있는 상생도시 구현",
        2_081,
        "2,081백만원",
    ),
    (
        4,
        "인공지능 행정 추진",
        "information-systems",
        {"system-innovation"},
        "최첨단 AI 시정 구현",
        459,
        "459백만원",
    ),
    (
        5,
        "시민의 알 권리 보장을 위한 「정보공개제도」 운영",
        "information-disclosure",
        {"information-disclosure-team"},
        "시정 운영의 투명성 및 신뢰도를 확보",
        1_040,
        "1,040백만원(정보소통광장 982백만원, 정보공개제도 58백만원)",
    ),
    (
        6,
        "공간정보 기술 기반 스마트 인프라 구축",
        "spatial-information",
        {"spatial-information-planning"},
        "디지털 트윈을 활용하여 재난·재해 대비 강화",
        2_423,
        "2,423백만원",
    ),
    (
        7,
        "「지능형 CCTV」 기반 시민 안전서비스 확대",
        "ict-security",
        {"smart-cctv"},
        "안전사각지대 해소 및 스마트 안전도시 조성",
        10_792,
        "10,792백만원",
    ),
    (
        8,
        "정보자원의 통합구축 및 안정적 운영",
        "data-center",
        {"information-resources-operation"},
        "행정서비스 신뢰도 제고",
        32_723,
        "32,723백만원",
    ),
    (
        9,
        "소장기록을 활용한 전시 연계 및 교육프로그램 운영",
        "seoul-archives",
        {"preservation-service"},
        "소장 기록에 대한 시민 관심 제고",
        614,
        "614백만원",
    ),
]

# The budget breakdown of each project: label as printed, amount in 백만원
BUDGET_ITEMS = {
    1: [("서울 스마트도시 상", 342), ("스마트시티 포럼", 295)],
    2: [("전산개발비", 2_554), ("공공운영비", 240), ("사무관리비", 20)],
    3: [],
    4: [],
    5: [("정보소통광장", 982), ("정보공개제도", 58)],
    6: [],
    7: [("지능형CCTV고도화", 9_592), ("스마트시티 통합플랫폼", 1_200)],
    8: [("정보자원통합관리", 19_900), ("클라우드센터운영 및 정보시스템유지관리", 12_823)],
    9: [],
}

# The contacts line of each project, in the order printed: name, title, role, phone as printed, full phone
CONTACTS = {
    1: [
        ("오경희", "디지털정책담당관", "head", "2133-2910", "02-2133-2910"),
        ("이영미", "디지털정책기획팀장", "team_lead", "2912", "02-2133-2912"),
        ("김연숙", "담당", "officer", "2916", "02-2133-2916"),
        ("박미희", "디지털협력팀장", "team_lead", "2933", "02-2133-2933"),
        ("최우석", "담당", "officer", "2934", "02-2133-2934"),
    ],
    2: [
        ("오경희", "디지털정책담당관", "head", "2133-2910", "02-2133-2910"),
        ("안금희", "메타버스서울팀장", "team_lead", "2954", "02-2133-2954"),
        ("여언영", "담당", "officer", "2942", "02-2133-2942"),
    ],
    3: [
        ("윤충식", "빅데이터담당관", "head", "2133-4260", "02-2133-4260"),
        ("오은경", "빅데이터분석팀장", "team_lead", "4294", "02-2133-4294"),
        ("원유복", "담당", "officer", "4297", "02-2133-4297"),
    ],
    4: [
        ("우정숙", "정보시스템담당관", "head", "2133-2960", "02-2133-2960"),
        ("이우중", "시스템혁신팀장", "team_lead", "2962", "02-2133-2962"),
        ("박경예", "담당", "officer", "2964", "02-2133-2964"),
    ],
    5: [
        ("김순희", "정보공개담당관", "head", "2133-5698", "02-2133-5698"),
        ("이동관", "정보공개팀장", "team_lead", "5678", "02-2133-5678"),
        ("박영옥", "담당", "officer", "5672", "02-2133-5672"),
    ],
    6: [
        ("서미연", "공간정보담당관", "head", "2133-2830", "02-2133-2830"),
        ("이봉주", "공간정보기획팀장", "team_lead", "2832", "02-2133-2832"),
        ("이세광", "담당", "officer", "2836", "02-2133-2836"),
    ],
    7: [
        ("김완집", "정보통신보안담당관", "head", "2133-2860", "02-2133-2860"),
        ("신경철", "스마트CCTV팀장", "team_lead", "2883", "02-2133-2883"),
        ("유지선", "담당", "officer", "2864", "02-2133-2864"),
    ],
    8: [
        ("추경수", "데이터센터소장", "head", "3470-1300", "02-3470-1300"),
        ("김성국", "정보자원운영과장", "team_lead", "1420", "02-3470-1420"),
        ("송상봉", "담당", "officer", "1439", "02-3470-1439"),
    ],
    9: [
        ("고경희", "서울기록원", "head", "350-5610", "02-350-5610"),  # printed "서울기록원 : 고경희"
        ("유숙현", "보존서비스과장", "team_lead", "5621", "02-350-5621"),
        ("이나래", "담당", "officer", "5629", "02-350-5629"),
    ],
}
POSITION_OF_ROLE = {"head": "department_head", "team_lead": "team_lead", "officer": "officer"}

# Figures the report states in each project's section (value, unit); labels are the transcriber's.
PROJECT_FIGURES = {
    1: [("240", "건"), ("209", "개"), ("45", "개"), ("40", "개")],
    2: [("88601", "명"), ("25110", "건"), ("534", "명"), ("15", "회"), ("104", "건"), ("20", "팀"), ("32", "건")],
    3: [("5", "건")],  # 정책과제 5건 선정 (footnote 2)
    4: [("154", "명")],  # 챗GPT 활용 교육 154명
    5: [("13", "회"), ("48", "건"), ("12", "건"), ("29", "건"), ("7487", "명")],
    6: [("259", "개소"), ("37", "개소"), ("56", "회")],
    7: [("574", "개소"), ("2138", "대"), ("1672", "대")],
    8: [("459", "식"), ("261", "식"), ("198", "식"), ("3809", "식")],
    9: [
        ("69", "명"),
        ("136", "명"),
        ("55", "명"),
        ("72", "명"),
        ("118", "명"),
        ("178", "명"),
        ("17", "회"),
        ("84", "명"),
        ("47", "명"),
    ],
}

# 향후계획 / 향후일정: project, key, a phrase of the title, start, due, precision, tentative
MILESTONES = [
    (1, "1", "최종 심사위원회 개최", D(2023, 9, 24), D(2023, 9, 24), "day", False),
    (1, "2", "행사(시상식, 홍보관) 개최", D(2023, 9, 25), D(2023, 9, 25), "day", False),
    (1, "3", "2023 서울 스마트시티 포럼", D(2023, 9, 26), D(2023, 9, 26), "day", False),
    (1, "4", "수상 특전 프로그램 개발", D(2023, 9, 1), D(2023, 12, 31), "month", False),
    (2, "1", "서비스 운영 및 홍보·활성화 추진", D(2023, 1, 1), D(2023, 12, 31), "month", False),
    (2, "2", "2단계 구축 사업 추진 및 순차 오픈", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (3, "1", "통근·통학인구 데이터 모형개발", D(2023, 8, 1), D(2023, 11, 30), "month", False),
    (3, "2", "청년 금융데이터 개발", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (3, "3", "펠로우십 분석결과 정책연계", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (4, "1", "AI 아이디어", D(2023, 8, 1), D(2023, 10, 31), "month", False),
    (4, "2", "하반기 AI 교육", D(2023, 9, 1), D(2023, 10, 31), "month", False),
    (4, "3", "인공지능 혁신 TF 운영", D(2023, 9, 1), D(2023, 12, 31), "month", False),
    (4, "4", "인공지능 종합계획 수립", D(2023, 11, 1), D(2023, 11, 30), "month", True),  # '23. 11.(예정)
    (5, "1", "정보공개 운영실태 평가", D(2023, 8, 1), D(2023, 9, 30), "month", False),
    (5, "2", "연차보고서 및 업무매뉴얼", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (5, "3", "시민 만족도 조사", D(2023, 12, 1), D(2023, 12, 31), "month", False),
    (6, "1", "입체주소·사물주소 인프라 확충", D(2023, 5, 1), D(2023, 12, 31), "month", False),
    (6, "2", "한강일대 드론실증사업", D(2023, 6, 1), D(2023, 12, 31), "month", False),
    (7, "1", "지능형 CCTV 확대 및 노후 CCTV 교체", D(2023, 4, 1), D(2023, 12, 31), "month", False),
    (8, "1", "정보자원 통합구축사업 추진", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (8, "2", "장애대응 모의훈련", D(2023, 8, 1), D(2023, 12, 31), "month", False),
    (8, "3", "전산장비 유지관리 계약", D(2023, 10, 1), D(2023, 12, 31), "month", False),
    (9, "1", "전시 연계 및 기록문화프로그램 운영", None, None, "ongoing", False),  # 상시
    (9, "2", "전시해설 양성 프로그램", D(2023, 9, 1), None, "open", False),  # '23. 9.~
]

# Sub-items of project 2's next steps: key of the top-level step, title phrase, start, due, precision
PROJECT_2_SUB_MILESTONES = [
    ("1", "비엔날레", D(2023, 9, 1), D(2023, 10, 29), "day"),  # (9.1.~ 10.29.)
    ("2", "부동산계약체험", D(2023, 9, 1), D(2023, 9, 30), "month"),
    ("2", "이지모드", D(2023, 9, 1), D(2023, 9, 30), "month"),
    ("2", "DDP", D(2023, 10, 1), D(2023, 10, 31), "month"),
    ("2", "시민안전체험관", D(2023, 11, 1), D(2023, 11, 30), "month"),
    ("2", "청년전용관", D(2023, 12, 1), D(2023, 12, 31), "month"),
]

# ---------------------------------------------------------------------------------------------
# 세입·세출 예산 (천원, '23. 8. 16. 기준)
# ---------------------------------------------------------------------------------------------

BUDGET_TABLES = {
    "revenue-summary": "revenue",
    "expenditure-summary": "expenditure",
    "revenue-detail": "revenue",
    "expenditure-detail": "expenditure",
}

# Revenue rows: name, within (an ancestor line or department, where the name repeats),
# 2023 예산현액, 2022 최종예산, 증감액 (△ = minus, "-" = 0), 증감률 as printed. None: empty cell or "-".
REVENUE_SUMMARY = [
    ("계", None, 14_236_560, 17_370_899, -3_134_339, "△18.0%"),
    ("세외수입", None, 13_251_729, 14_850_806, -1_599_077, "△10.8%"),
    ("경상적 세외수입", None, 7_999_643, 8_670_224, -670_581, "△7.7%"),
    ("공유재산임대료", None, 7_423_701, 7_876_967, -453_266, "△5.8%"),
    ("주차요금수입", None, 497_743, 642_720, -144_977, "△22.6%"),
    ("기타사용료", None, 15_075, 40_520, -25_445, "△62.8%"),
    ("증지수입", None, 0, 964, -964, "△100.0%"),
    ("기타이자수입", None, 63_124, 109_053, -45_929, "△42.1%"),
    ("임시적 세외수입", None, 4_836_757, 5_878_506, -1_041_749, "△17.7%"),
    ("자치단체간부담금", None, 3_839_342, 4_760_962, -921_620, "△19.4%"),
    ("시도비반환금수입", None, 159_486, 85_164, 74_322, "87.3%"),
    ("자체보조금등반환수입", None, 2_329, 58_829, -56_500, "△96.0%"),
    ("위탁비반환수입", None, 11_199, 0, 11_199, "순증"),
    ("그 외 수입", None, 821_958, 970_823, -148_865, "△15.3%"),
    ("지난년도수입", None, 2_443, 2_728, -285, "△10.4%"),
    ("지방행정제재·부과금", None, 415_329, 302_076, 113_253, "37.5%"),
    ("과징금", None, 13_000, 9_000, 4_000, "44.4%"),
    ("기타과태료", None, 402_329, 293_076, 109_253, "37.3%"),
    ("지방교부세", None, 250_000, 0, 250_000, "순증"),
    ("보조금", None, 716_251, 2_491_578, -1_775_327, "△71.3%"),
    ("국고보조금 사용잔액", None, 18_570, 28_515, -9_945, "△34.9%"),
]

REVENUE_DETAIL = [
    ("계", None, 14_236_550, 17_370_899, -3_134_339, "△18.0%"),
    ("세외수입", None, 13_251_729, 14_850_806, -1_599_077, "△10.8%"),
    ("경상적 세외수입", None, 7_999_643, 8_670_224, -670_581, "△7.7%"),
    ("공유재산임대료", None, 7_423_701, 7_876_967, -453_266, "△5.8%"),
    ("에스플렉스센터 운영수입 (임대료, 관리비)", None, 7_313_751, 7_768_577, -454_826, "△5.9%"),
    ("서울기록원 공유재산 임대수입", None, 109_950, 108_390, 1_560, "1.4%"),
    ("주차요금수입", None, 497_743, 642_720, -144_977, "△22.6%"),
    ("에스플렉스센터 운영수입 (주차수입)", None, 497_743, 642_720, -144_977, "△22.6%"),
    ("기타사용료", None, 15_075, 40_520, -25_445, "△62.8%"),
    ("에스플렉스센터 운영수입 (대관료)", None, 10_596, 36_000, -25_404, "△70.6%"),
    ("외부공공기관 정보시스템 수탁관리", None, 2_079, 2_120, -41, "△1.9%"),
    ("서울기록원 시설 (컨퍼런스룸) 사용료 수입", None, 2_400, 2_400, 0, "0.0%"),
    ("증지수입", None, 0, 964, -964, "△100.0%"),
    ("항공사진 발급수수료", None, 0, 964, -964, "△100.0%"),
    ("기타이자수입", None, 63_124, 109_053, -45_929, "△42.1%"),
    ("에스플렉스센터 사업비 관리통장 이자수익", None, 0, 15_758, -15_758, "△100.0%"),
    ("어디나지원단 보조금 이자", None, 0, 272, -272, "△100.0%"),
    ("사물인터넷 도시 조성 사업비 이자수익", None, 5_328, 8_880, -3_552, "△40.0%"),
    ("스마트 솔루션 확산 사업 시비 보조금 이자", None, 1_723, 3_724, -2_001, "△53.7%"),
    ("수치지형도제작 이자수입", None, 598, 588, 10, "1.7%"),
    ("CCTV 설치사업 발생이자 반납", None, 46_324, 72_820, -26_496, "△36.4%"),
    ("공공와이파이 구축 발생이자 반납", None, 8_630, 6_299, 2_331, "37.0%"),
    ("지방보조금 정산에 따른 이자 반납 수입", None, 443, 712, -269, "△37.8%"),
    ("세계스마트시티지구 운영 국제부담금 이자", None, 78, 0, 78, "순증"),
    ("임시적 세외수입", None, 4_836_757, 5_878_506, -1_041_749, "△17.7%"),  # printed 입시적 세외수입
    ("자치단체간부담금", None, 3_839_342, 4_760_962, -921_620, "△19.4%"),
    ("시군구재해복구시스템 자치구 부담금", None, 31_325, 32_675, -1_350, "△4.1%"),
    ("통합기록관리시스템 운영 자치구 부담금", None, 2_138_896, 2_259_206, -120_310, "△5.3%"),
    ("(구)업무관리시스템 통합 유지관리 자치구 부담금", None, 259_305, 538_157, -278_852, "△51.8%"),
    ("차세대업무관리시스템 확산 및 유지보수 자치구 부담금", None, 1_409_816, 1_930_924, -521_108, "△27.0%"),
    ("시도비보조금등반환금수입", None, 159_486, 85_164, 74_322, "87.3%"),
    ("어디나지원단 사업 보조금 집행잔액", None, 0, 24_637, -24_637, "△100.0%"),
    ("스마트솔루션 확산사업 집행잔액", None, 31_112, 0, 31_112, "순증"),
    ("CCTV설치사업 보조금 집행잔액 반납 수익", None, 96_619, 51_589, 45_030, "87.3%"),
    ("공공 와이파이 구축 반환금", None, 27_710, 8_938, 18_772, "210.0%"),
    ("사물인터넷도시조성 보조금 반납금", None, 4_045, None, 4_045, "순증"),
    ("자체보조금등반환수입", None, 13_528, 58_829, -45_301, "△77.0%"),
    ("서울형 뉴딜일자리 사업비 반환금", None, None, 21_018, -21_018, "△100.0%"),
    ("시도행정정보시스템 유지관리 위탁사업비 정산반환금 수입", None, 11_199, 8_612, 2_587, "30.0%"),
    ("안전한 골목길 민간보조금 집행잔액", None, 0, 28_780, -28_780, "△100.0%"),
    ("정보격차해소사업 시비 사용잔액 수입 및 기타잡수입", None, 120, 419, -299, "△71.4%"),
    ("세계스마트시티지구 운영 국제부담금 집행잔액", None, 2_209, 0, 2_209, "순증"),
    ("그 외 수입", None, 821_958, 970_823, -148_865, "△15.3%"),
    ("에스플렉스센터 부가가치세 환급분 및 기타잡이익 등", None, 797_958, 775_398, 22_560, "2.9%"),
    ("스마트치안 빅데이터 플랫폼 서울센터 구축 보조금", None, 0, 176_000, -176_000, "△100%"),
    ("보안자료 파쇄 매각대금", None, 24_000, 19_425, 4_575, "24%"),
    ("지난년도수입", None, 2_443, 2_728, -285, "△10%"),
    ("정보통신공사업 위반 과태료", "지난년도수입", 2_443, 2_728, -285, "△10%"),
    ("지방행정제재, 부과금", None, 415_329, 302_076, 113_253, "37%"),
    ("과징금", None, 13_000, 9_000, 4_000, "44%"),
    ("정보통신공사업 위반 과징금", None, 13_000, 9_000, 4_000, "44%"),
    ("기타과태료", None, 402_329, 293_076, 109_253, "37%"),
    ("정보통신공사업 위반 과태료", "기타과태료", 402_329, 293_076, 109_253, "37%"),
    ("지방교부세 등", None, 250_000, 0, 250_000, "순증"),
    ("지방교부세", None, 250_000, 0, 250_000, "순증"),
    ("특별교부세", None, 250_000, 0, 250_000, "순증"),
    ("주소정보시설 유지관리", None, 250_000, 0, 250_000, "순증"),
    ("보조금", None, 716_251, 2_491_578, -1_775_327, "△71%"),
    ("국고보조금 등", None, 716_251, 2_491_578, -1_775_327, "△71%"),
    ("국고보조금", None, 716_251, 2_491_578, -1_775_327, "△71%"),
    ("정보취약계층정보격차 해소 (장애인정보통신보조기기보급)", None, 557_537, 332_864, 224_673, "67%"),
    ("정보취약계층정보격차 해소 (장애인정보화교육)", None, 158_714, 158_714, 0, "0%"),
    ("스마트챌린지", None, None, 2_000_000, -2_000_000, "△100%"),
    ("보전수입 등 및 내부거래", None, 18_570, 28_515, -9_945, "△34.9%"),
    ("보전수입 등", None, 18_570, 28_515, -9_945, "△34.9%"),
    ("국고보조금 사용잔액", None, 18_570, 28_515, -9_945, "△34.9%"),
    ("정보격차해소사업 국고보조금 사용잔액 반환", None, 18_570, 5_793, 12_777, "220.6%"),
    ("'21년 국고보조금 집행잔액 확정 (빅데이터담당관)", None, 0, 22_722, -22_722, "△100%"),
]

# Expenditure summary rows: name, within, 2023 예산현액, 2022 최종예산, 증감액, 증감률, 집행액 (commitments), 집행률
EXPENDITURE_SUMMARY = [
    ("계", None, 165_083_686, 137_950_562, 27_133_124, "19.7%", 126_391_750, "76.6%"),
    ("디지털정책담당관", None, 23_080_630, 20_014_149, 3_066_481, "15.3%", 15_922_124, "69.0%"),
    ("일반회계", "digital-policy", 21_749_256, 17_866_615, 3_882_641, "21.7%", 14_669_076, "67.4%"),
    ("특별회계", "digital-policy", 1_331_374, 2_147_534, -816_160, "△38.0%", 1_253_048, "94.1%"),
    ("빅데이터담당관", None, 16_917_420, 14_061_095, 2_856_325, "20.3%", 11_444_710, "67.7%"),
    ("정보시스템담당관", None, 5_975_670, 5_978_331, -2_661, "0.0%", 5_251_537, "87.9%"),
    ("정보공개담당관", None, 9_022_066, 9_374_615, -352_549, "△3.8%", 8_052_859, "89.3%"),
    ("공간정보담당관", None, 8_905_129, 7_494_758, 1_410_371, "18.8%", 7_721_732, "86.7%"),
    ("정보통신보안담당관", None, 40_801_130, 31_568_902, 9_232_228, "29.2%", 28_199_394, "69.1%"),
    ("일반회계", "ict-security", 30_613_088, 22_952_023, 7_661_065, "33.4%", 21_677_523, "70.8%"),
    ("특별회계", "ict-security", 10_188_042, 8_616_879, 1_571_163, "18.2%", 6_521_872, "64.0%"),
    ("데이터센터", None, 55_266_110, 44_799_800, 10_466_310, "23.4%", 45_522_886, "82.4%"),
    ("서울기록원", None, 5_115_531, 4_658_912, 456_619, "9.8%", 4_276_509, "83.6%"),
]

# Expenditure detail rows: name, within, 예산현액, 원인행위액, 지출액, 집행률 (원인행위), 집행률 (지출액)
EXPENDITURE_DETAIL = [
    ("디지털정책관", None, 165_083_685, 126_391_750, 74_099_634, "76.6%", "44.9%"),
    ("디지털정책담당관", None, 23_080_630, 15_922_124, 12_401_578, "69.0%", "53.7%"),
    ("일반회계", "digital-policy", 21_749_256, 14_669_076, 11_573_875, "67.4%", "53.2%"),
    ("서울시민카드 플랫폼 운영", None, 366_589, 351_778, 181_378, "96.0%", "49.5%"),
    ("엠보팅 서비스 운영", None, 206_044, 193_577, 4_375, "93.9%", "2.1%"),
    ("비대면 디지털 행정서비스 운영", None, 551_770, 495_689, 221_349, "89.8%", "40.1%"),
    ("서울디지털재단 출연", None, 8_089_247, 5_696_467, 5_696_467, "70.4%", "70.4%"),
    ("사물인터넷 도시 조성", None, 1_845_002, 1_692_216, 1_374_706, "91.7%", "74.5%"),
    ("스마트도시 민·관 협력", None, 1_334_034, 895_824, 673_777, "67.2%", "50.5%"),
    ("취약계층 디지털 격차 해소", None, 3_989_404, 740_230, 126_230, "18.6%", "3.2%"),
    ("메타버스 서울 추진", None, 2_813_953, 2_342_000, 1_195_000, "83.2%", "42.5%"),
    ("디지털플랫폼 서울 구축", None, 217_668, 217_668, 217_668, "100.0%", "100.0%"),
    ("주요기반시설 BMP 취약점 분석평가 컨설팅", None, 321_405, 321_404, 160_702, "100.0%", "50.0%"),
    ("세계스마트시티기구 운영", None, 1_784_410, 1_581_035, 1_581_035, "88.6%", "88.6%"),
    ("기본경비", "digital-policy", 229_730, 141_188, 141_188, "61.5%", "61.5%"),
    ("특별회계", "digital-policy", 1_331_374, 1_253_048, 827_702, "94.1%", "62.2%"),
    ("스마트서울 네트워크 구축 및 운영", None, 1_331_374, 1_253_048, 827_702, "94.1%", "62.2%"),
    ("빅데이터담당관", None, 16_917_420, 11_444_710, 8_703_101, "67.7%", "51.4%"),
    ("일반회계", "big-data", 16_917_420, 11_444_710, 8_703_101, "67.7%", "51.4%"),
    ("시민통계발간", None, 109_300, 76_250, 46_550, "69.8%", "42.6%"),
    ("서울서베이", None, 2_736_874, 2_660_760, 1_675_060, "97.2%", "61.2%"),
    ("사업체조사", None, 3_486_701, 3_375_761, 3_377_189, "96.8%", "96.9%"),
    ("열린데이터광장 운영", None, 629_013, 576_970, 337_233, "91.7%", "53.6%"),
    ("빅데이터 캠퍼스 운영", None, 1_056_375, 975_466, 592_414, "92.3%", "56.1%"),
    ("빅데이터 서비스 플랫폼 구축", None, 5_784_694, 1_878_845, 1_455_362, "32.5%", "25.2%"),
    ("빅데이터 분석 서비스", None, 2_081_450, 913_670, 597_010, "43.9%", "28.7%"),
    ("디지털 시장실 운영", None, 984_233, 953_900, 590_900, "96.9%", "60.0%"),
    ("기본경비", "big-data", 47_076, 31_384, 31_384, "66.7%", "66.7%"),
    ("기타반환금", None, 1_704, 1_704, 0, "100.0%", "0.0%"),
    ("정보시스템담당관", None, 5_975_670, 5_251_537, 2_734_637, "87.9%", "45.8%"),
    ("일반회계", "information-systems", 5_975_670, 5_251_537, 2_734_637, "87.9%", "45.8%"),
    ("지능형 서비스 구축 운영", None, 1_292_099, 882_730, 226_023, "68.3%", "17.5%"),
    ("행정포털 운영", None, 1_672_978, 1_540_298, 695_441, "92.1%", "41.6%"),
    ("시도행정정보시스템 운영", None, 182_160, 182_160, 182_160, "100.0%", "100.0%"),
    ("공통행정시스템 운영", None, 689_585, 685_143, 357_927, "99.4%", "51.9%"),
    ("공공서비스 예약시스템 운영", None, 271_099, 183_462, 109_365, "67.7%", "40.3%"),
    ("개인정보보호체계 고도화", None, 1_181_650, 1_114_620, 632_269, "94.3%", "53.5%"),
    ("정보기술아키텍처(EA) 운영", None, 276_459, 265_348, 133_674, "96.0%", "48.4%"),
    ("한국지역정보개발원 분담금", None, 362_188, 362_188, 362_188, "100.0%", "100.0%"),
    ("기본경비", "information-systems", 47_452, 35_589, 35_589, "75.0%", "75.0%"),
    ("정보공개담당관", None, 9_022_066, 8_052_859, 3_850_833, "89.3%", "42.7%"),
    ("일반회계", "information-disclosure", 9_022_066, 8_052_859, 3_850_833, "89.3%", "42.7%"),
    ("정보소통광장 서비스 고도화", None, 982_286, 954_775, 496_400, "97.2%", "50.5%"),
    ("정보공개제도 운영·관리", None, 58_820, 28_276, 28_276, "48.1%", "48.1%"),
    ("기록정보관리", None, 3_385_715, 3_079_232, 1_072_867, "90.9%", "31.7%"),
    ("(구)업무관리시스템 운영", None, 632_279, 550_476, 276_839, "87.1%", "43.8%"),
    ("차세대 업무관리시스템 운영", None, 3_586_638, 3_202_601, 1_738_952, "89.3%", "48.5%"),
    ("기본경비", "information-disclosure", 376_328, 237_499, 237_499, "63.1%", "63.1%"),
    ("공간정보담당관", None, 8_905_129, 7_721_732, 5_619_321, "86.7%", "63.1%"),
    ("일반회계", "spatial-information", 8_905_129, 7_721_732, 5_619_321, "86.7%", "63.1%"),
    ("지도정보 플랫폼 고도화 구축", None, 498_200, 427_736, 263_056, "85.9%", "52.8%"),
    ("위치기반 안전서비스 운영", None, 300_700, 298_400, 298_400, "99.2%", "99.2%"),
    ("스마트 불편신고 운영", None, 162_350, 156_078, 89_723, "96.1%", "55.3%"),
    ("공간정보시스템 운영", None, 711_215, 686_826, 374_706, "96.6%", "52.7%"),
    ("주소정보시설 유지관리", None, 919_457, 663_023, 663_023, "72.1%", "72.1%"),
    ("1:1,000 수치지형도 갱신 사업", None, 1_200_000, 1_200_000, 1_200_000, "100.0%", "100.0%"),
    ("항공사진 촬영 및 다목적활용 데이터 구축", None, 1_586_077, 1_406_302, 850_421, "88.7%", "53.6%"),
    ("드론 공간정보 운영", None, 532_000, 211_980, 127_308, "39.8%", "23.9%"),
    ("3D기반 Virtual Seoul 구축", None, 2_946_949, 2_638_916, 1_720_213, "89.5%", "58.4%"),
    ("기본경비", "spatial-information", 48_181, 32_471, 32_471, "67.4%", "67.4%"),
    ("정보통신보안담당관", None, 40_801_130, 28_199_394, 23_540_004, "69.1%", "57.7%"),
    ("일반회계", "ict-security", 30_613_088, 21_677_523, 18_272_873, "70.8%", "59.7%"),  # printed 일반기계
    ("다기능 사무기기 보급관리", None, 5_345_027, 3_549_151, 3_496_451, "66.4%", "65.4%"),
    ("사랑의 PC 보급", None, 1_099_000, 746_240, 368_856, "67.9%", "33.6%"),
    ("행정정보통신망 운영", None, 1_297_944, 1_142_491, 815_572, "88.0%", "62.8%"),
    ("초고속정보통신 인프라 운영", None, 3_815_577, 1_477_307, 1_191_597, "38.7%", "31.2%"),
    ("스마트 서울 CCTV안전센터 운영", None, 3_693_411, 2_285_193, 1_959_319, "61.9%", "53.0%"),
    ("지능형 CCTV 고도화", None, 9_604_800, 8_248_500, 8_248_500, "85.9%", "85.9%"),
    ("정보시스템 보안관리 고도화", None, 2_530_390, 1_221_767, 716_272, "48.3%", "28.3%"),
    ("서울사이버안전센터 운영", None, 3_130_650, 2_942_680, 1_412_112, "94.0%", "45.1%"),
    ("기본경비", "ict-security", 96_289, 64_193, 64_193, "66.7%", "66.7%"),
    ("특별회계", "ict-security", 10_188_042, 6_521_872, 5_267_130, "64.0%", "51.7%"),  # printed 특별기계
    ("스마트도시 통신인프라 구축", None, 10_188_042, 6_521_872, 5_267_130, "64.0%", "51.7%"),
    ("데이터센터", None, 55_266_110, 45_522_886, 14_408_512, "82.4%", "26.1%"),
    ("일반회계", "data-center", 55_266_110, 45_522_886, 14_408_512, "82.4%", "26.1%"),  # printed 일반기계
    ("정보시스템 유지관리", None, 8_074_970, 8_071_770, 4_047_720, "100.0%", "50.1%"),
    ("정보통신시설 유지관리", None, 4_164_332, 3_312_076, 1_237_521, "79.5%", "29.7%"),
    ("급여관리시스템 운영", None, 502_985, 499_660, 210_160, "99.3%", "41.8%"),
    ("정보자원 통합 관리", None, 19_899_927, 19_782_637, 4_000, "99.4%", "0.0%"),
    ("클라우드센터 운영", None, 4_747_614, 4_560_700, 2_383_721, "96.1%", "50.2%"),
    ("재난재해 대비 SDDC기반 클라우드 환경 구축", None, 2_345_404, 1_300, 1_201, "0.1%", "0.1%"),
    ("에스플렉스센터 운영", None, 9_965_640, 7_475_422, 4_995_427, "75.0%", "50.1%"),
    ("데이터센터 청사시설 유지관리", None, 3_784_213, 1_440_418, 1_156_953, "38.1%", "30.6%"),
    ("정보취약계층 정보격차해소 (장애인 정보통신보조기기 보급)", None, 1_115_074, 16_040, 16_040, "1.4%", "1.4%"),
    ("정보취약계층 정보격차해소 (장애인 정보화 교육)", None, 317_428, 221_940, 221_940, "69.9%", "69.9%"),
    ("기본경비", "data-center", 348_523, 140_923, 133_829, "40.4%", "38.4%"),
    ("서울기록원", None, 5_115_531, 4_276_509, 2_841_649, "83.6%", "55.1%"),
    ("일반회계", "seoul-archives", 5_115_531, 4_276_509, 2_841_649, "83.6%", "55.1%"),  # printed 일반기계
    ("서울기록원 운영 관리", None, 2_216_221, 1_661_827, 1_273_311, "75.0%", "57.5%"),
    ("서울기록원 디지털 아카이브 구축", None, 1_381_086, 1_295_900, 762_606, "93.8%", "55.2%"),
    ("서울기록원 기록수집 보존관리", None, 813_198, 790_783, 459_108, "97.2%", "53.6%"),
    ("서울기록원 시민참여프로그램운영", None, 613_300, 475_907, 294_532, "77.6%", "48.0%"),
    ("기본경비", "seoul-archives", 91_726, 52_092, 52_092, "56.8%", "56.8%"),
]

# Where the report's own arithmetic slips, the figure derived from the printed amounts differs from
# the printed one. (table, line, within, column) -> what the derivation gives instead.
ARITHMETIC_SLIPS = {
    # 14,236,550 − 17,370,899 = △3,134,349; the report prints △3,134,339 (the summary's 계 is 14,236,560)
    ("revenue-detail", "계", None, "change"): -3_134_349,
    # 2,841,649 / 5,115,531 = 55.5%; the report prints 55.1%
    ("expenditure-detail", "서울기록원", None, "disbursement_rate"): "55.5%",
    ("expenditure-detail", "일반회계", "seoul-archives", "disbursement_rate"): "55.5%",
    # 459,108 / 813,198 = 56.5%; the report prints 53.6%
    ("expenditure-detail", "서울기록원 기록수집 보존관리", None, "disbursement_rate"): "56.5%",
}

# Parents whose printed figure is not the sum of their children's: line, column, printed, sum (천원)
CHILDREN_SUM_MISMATCHES = {
    "revenue-summary": [("계", "current_budget", 14_236_560, 14_236_550)],
    "revenue-detail": [],
    "expenditure-summary": [
        ("계", "commitments", 126_391_750, 126_391_751),
        ("정보통신보안담당관", "commitments", 28_199_394, 28_199_395),
    ],
    "expenditure-detail": [
        ("디지털정책관", "current_budget", 165_083_685, 165_083_686),
        ("디지털정책관", "commitments", 126_391_750, 126_391_751),
        ("디지털정책관", "disbursements", 74_099_634, 74_099_635),
        ("디지털정책담당관", "disbursements", 12_401_578, 12_401_577),
        ("일반회계", "disbursements", 8_703_101, 8_703_102),  # 빅데이터담당관
        ("일반회계", "commitments", 5_251_537, 5_251_538),  # 정보시스템담당관
        ("일반회계", "disbursements", 2_734_637, 2_734_636),  # 정보시스템담당관
        ("정보통신보안담당관", "commitments", 28_199_394, 28_199_395),
        ("정보통신보안담당관", "disbursements", 23_540_004, 23_540_003),
        ("일반회계", "commitments", 21_677_523, 21_677_522),  # 정보통신보안담당관
        ("일반회계", "disbursements", 18_272_873, 18_272_872),  # 정보통신보안담당관
    ],
}

# Derived change and change rate of a sample of lines: table, name, within, change (천원), rate (None: 순증)
CHANGE_SAMPLES = [
    ("revenue-summary", "계", None, -3_134_339, "-18.0"),
    ("revenue-summary", "위탁비반환수입", None, 11_199, None),  # 순증
    ("revenue-summary", "지방교부세", None, 250_000, None),  # 순증
    ("revenue-detail", "사물인터넷도시조성 보조금 반납금", None, 4_045, None),  # 순증, 2022 printed "-"
    ("revenue-detail", "서울형 뉴딜일자리 사업비 반환금", None, -21_018, "-100.0"),  # 2023 cell empty
    ("revenue-detail", "공공 와이파이 구축 반환금", None, 18_772, "210.0"),
    ("expenditure-summary", "특별회계", "digital-policy", -816_160, "-38.0"),  # △
    ("expenditure-summary", "정보시스템담당관", None, -2_661, "0.0"),  # △2,661 of 5,978,331 rounds to 0.0
    ("expenditure-summary", "데이터센터", None, 10_466_310, "23.4"),
]

EXPENDITURE_DEPARTMENT_ROWS = {
    "디지털정책담당관": "digital-policy",
    "빅데이터담당관": "big-data",
    "정보시스템담당관": "information-systems",
    "정보공개담당관": "information-disclosure",
    "공간정보담당관": "spatial-information",
    "정보통신보안담당관": "ict-security",
    "데이터센터": "data-center",
    "서울기록원": "seoul-archives",
}

# Account lines of the expenditure tables: (line, department) -> account
ACCOUNT_LINES = {
    "expenditure-summary": {
        ("일반회계", "digital-policy"): "general",
        ("특별회계", "digital-policy"): "special",
        ("일반회계", "ict-security"): "general",
        ("특별회계", "ict-security"): "special",
    },
    "expenditure-detail": {
        ("일반회계", "digital-policy"): "general",
        ("특별회계", "digital-policy"): "special",
        ("일반회계", "big-data"): "general",
        ("일반회계", "information-systems"): "general",
        ("일반회계", "information-disclosure"): "general",
        ("일반회계", "spatial-information"): "general",
        ("일반회계", "ict-security"): "general",
        ("특별회계", "ict-security"): "special",
        ("일반회계", "data-center"): "general",
        ("일반회계", "seoul-archives"): "general",
    },
}

# Misprinted line names: table, name, within, name as printed
MISPRINTS = [
    ("revenue-detail", "임시적 세외수입", None, "입시적 세외수입"),
    ("expenditure-detail", "일반회계", "ict-security", "일반기계"),
    ("expenditure-detail", "특별회계", "ict-security", "특별기계"),
    ("expenditure-detail", "일반회계", "data-center", "일반기계"),
    ("expenditure-detail", "일반회계", "seoul-archives", "일반기계"),
]

# Programme lines that fund a priority project
PROJECT_LINKS = {
    "메타버스 서울 추진": 2,
    "빅데이터 분석 서비스": 3,
    "정보소통광장 서비스 고도화": 5,
    "정보공개제도 운영·관리": 5,
    "지능형 CCTV 고도화": 7,
    "정보자원 통합 관리": 8,
    "클라우드센터 운영": 8,
    "정보시스템 유지관리": 8,
    "서울기록원 시민참여프로그램운영": 9,
}

# ---------------------------------------------------------------------------------------------
# 용어 설명: term, original term (start), page, a phrase of the definition
# ---------------------------------------------------------------------------------------------

GLOSSARY = [
    ("디지털 트윈", "Digital twin", 14, "가상공간에 실물과 똑같은 물체"),
    ("메타버스", "Metaverse", 9, "3차원의 가상세계"),
    ("민·관 융합데이터", "", 11, "서울 생활인구"),
    ("서울 데이터 펠로우십", "Seoul Data Fellowship", 11, "데이터 분석 준전문가"),
    ("인공지능", "Artificial Intelligence", 12, "인간의 학습능력과 추론능력"),
    ("VDI", "Virtual Desktop Infrastructure", 2, "가상화 솔루션"),
    ("챗봇", "Chatbot", 12, "채팅과 로봇의 합성어"),
    ("클라우드", "Cloud", 16, "구름에 싸여 보이지 않는 컴퓨팅 자원"),  # printed 클라우드(Cloud; 사용자 입장)
]


# ---------------------------------------------------------------------------------------------
# Helpers
# ---------------------------------------------------------------------------------------------


def won(amount, unit=THOUSAND):
    return None if amount is None else amount * unit


def decimals(figures):
    return {(Decimal(value), unit) for value, unit in figures}


def percent(part, whole):
    """part / whole in percent, one decimal, rounded half up as the report rounds."""
    return (Decimal(part) * 100 / Decimal(whole)).quantize(Decimal("0.1"), ROUND_HALF_UP)


def printed_percent(text):
    """ "△18.0%" -> Decimal("-18.0"), "37%" -> Decimal("37"), "순증" -> None."""
    if text == "순증":
        return None
    return Decimal(text.rstrip("%").replace("△", "-"))


def normalise(name):
    """A line name without spacing, quotes and the separators the report varies (·, ",")."""
    return re.sub(r"[\s·,'‘’]", "", name or "")


def project(plan, number):
    return plan.projects.get(number=number)


def table_lines(plan, table_code):
    return list(BudgetLine.objects.filter(table__plan=plan, table__code=table_code).select_related("department"))


def ancestry(line, lines):
    """The line, its parent, its grandparent..."""
    by_pk = {candidate.pk: candidate for candidate in lines}
    while line is not None:
        yield line
        line = by_pk.get(line.parent_id)


def department_of(line, lines):
    """The department of the line or of its nearest ancestor that has one."""
    return next((node.department.code for node in ancestry(line, lines) if node.department_id), None)


def find_line(lines, name, within=None):
    """The one line called ``name`` (or so printed), under the ancestor line or department ``within``."""
    found = [line for line in lines if normalise(name) in (normalise(line.name), normalise(line.name_printed))]
    if within:
        found = [
            line
            for line in found
            if normalise(within) in {normalise(node.name) for node in ancestry(line, lines) if node is not line}
            or within == department_of(line, lines)
        ]
    assert len(found) <= 1, f"{name!r} under {within!r} names {len(found)} lines"
    return found[0] if found else None


def amounts(line):
    if line is None:
        return "missing"
    return (line.current_budget, line.prior_final, line.commitments, line.disbursements)


def line_params(table_code, rows):
    return [
        pytest.param(table_code, *row, id=f"{table_code}:{row[0]}" + (f"@{row[1]}" if row[1] else "")) for row in rows
    ]


def slip(table_code, name, within, column, printed):
    return ARITHMETIC_SLIPS.get((table_code, name, within, column), printed)


# ---------------------------------------------------------------------------------------------
# Organisation
# ---------------------------------------------------------------------------------------------


def test_plan_header(plan_2023):
    assert {field: getattr(plan_2023, field) for field in PLAN_HEADER} == PLAN_HEADER
    assert plan_2023.bureau.code == "digital-policy-bureau"
    assert "주요 업무보고" in plan_2023.title


@pytest.mark.parametrize("code, name, kind, parent", DEPARTMENTS)
def test_department(plan_2023, code, name, kind, parent):
    department = Department.objects.get(code=code)
    assert (department.name, department.kind) == (name, kind)
    assert (department.parent.code if department.parent else None) == parent


def test_no_department_beyond_those_the_report_names(plan_2023):
    assert set(Department.objects.values_list("code", flat=True)) == {code for code, *_ in DEPARTMENTS}


def test_stated_counts_of_divisions_and_offices_match_the_tree(plan_2023):
    units = Department.objects.filter(parent=plan_2023.bureau)
    assert units.filter(kind="division").count() == plan_2023.stated_divisions
    assert units.filter(kind="office").count() == plan_2023.stated_offices


def test_ai_administration_team_was_established_in_july_2023(plan_2023):
    established = Department.objects.get(code="ai-administration").established_on
    assert (established.year, established.month) == (2023, 7)


@pytest.mark.parametrize("code, count, first, last", [(code, *duties) for code, duties in DUTIES.items()])
def test_standing_duties(plan_2023, code, count, first, last):
    texts = list(plan_2023.duties.filter(department__code=code).order_by("order").values_list("text", flat=True))
    assert (len(texts), texts[0], texts[-1]) == (count, first, last)


# ---------------------------------------------------------------------------------------------
# Staffing
# ---------------------------------------------------------------------------------------------


@pytest.fixture
def snapshot(plan_2023):
    return plan_2023.staffing.get(as_of=AS_OF)


def test_job_categories(plan_2023):
    categories = JobCategory.objects.filter(code__in=CATEGORY_CODES).order_by("order")
    assert [(category.code, category.name) for category in categories] == JOB_CATEGORIES
    assert {category.code for category in categories if category.group == "행정·기술직군"} == ADMIN_TECHNICAL_GROUP


def test_staffing_has_one_row_per_division_and_office(snapshot):
    assert set(snapshot.rows.values_list("department__code", flat=True)) == set(STAFFING)


@pytest.mark.parametrize("code, authorised, current, by_category, gap", [(k, *v) for k, v in STAFFING.items()])
def test_staffing_row(snapshot, code, authorised, current, by_category, gap):
    row = snapshot.rows.get(department__code=code)
    counts = {count.category.code: count.count for count in row.counts.select_related("category")}
    derived_current = sum(counts.values())
    assert row.authorised == authorised
    assert tuple(counts.get(category) for category in CATEGORY_CODES) == by_category
    assert derived_current == current  # 합계
    assert derived_current - row.authorised == gap  # 과부족


def test_staffing_total_row(snapshot):
    authorised = sum(row.authorised for row in snapshot.rows.all())
    by_category = defaultdict(int)
    for row in snapshot.rows.prefetch_related("counts__category"):
        for count in row.counts.all():
            by_category[count.category.code] += count.count
    current = sum(by_category.values())
    assert (authorised, current, current - authorised) == STAFFING_TOTAL
    derived = {code: (total, percent(total, current)) for code, total in by_category.items()}
    expected = {code: (total, Decimal(share)) for code, (total, share) in STAFFING_TOTAL_BY_CATEGORY.items()}
    assert derived == expected


@pytest.mark.parametrize("phrase, figures", STAFFING_NOTES)
def test_staffing_note_figures(snapshot, phrase, figures):
    note = snapshot.notes.get(text__contains=phrase)
    assert decimals(figures) <= {(figure.value, figure.unit) for figure in note.figures.all()}


# ---------------------------------------------------------------------------------------------
# Projects
# ---------------------------------------------------------------------------------------------


def test_nine_projects(plan_2023):
    assert list(plan_2023.projects.order_by("number").values_list("number", flat=True)) == list(range(1, 10))


@pytest.mark.parametrize("number, title, department, teams, goal, budget, budget_text", PROJECTS)
def test_project(plan_2023, number, title, department, teams, goal, budget, budget_text):
    subject = project(plan_2023, number)
    assert subject.title == title
    assert subject.department.code == department
    assert set(subject.teams.values_list("code", flat=True)) == teams
    assert goal in subject.goal
    assert subject.budget_total == won(budget, MILLION)
    assert subject.budget_text.startswith(budget_text)
    assert {"background", "scope", "achievement"} <= set(subject.entries.values_list("section", flat=True))


@pytest.mark.parametrize("number, items", BUDGET_ITEMS.items())
def test_project_budget_items(plan_2023, number, items):
    stored = project(plan_2023, number).budget_items.order_by("order")
    assert [(normalise(item.label), item.amount) for item in stored] == [
        (normalise(label), won(amount, MILLION)) for label, amount in items
    ]


def test_cctv_budget_is_matched_half_by_the_districts(plan_2023):
    cctv = project(plan_2023, 7)
    assert "5:5" in cctv.budget_note + cctv.budget_text


@pytest.mark.parametrize("number, contacts", CONTACTS.items())
def test_project_contacts(plan_2023, number, contacts):
    subject = project(plan_2023, number)
    stored = list(subject.contacts.order_by("order").select_related("staff__department", "staff__team"))
    staff = [contact.staff for contact in stored]
    assert [
        (contact.staff.name, contact.staff.title, contact.role, contact.staff.phone_printed, contact.staff.phone)
        for contact in stored
    ] == contacts
    assert [person.code for person in staff] == [f"{subject.department.code}:{name}" for name, *_ in contacts]
    assert {person.department.code for person in staff} == {subject.department.code}
    assert [person.position for person in staff] == [POSITION_OF_ROLE[role] for _n, _t, role, *_ in contacts]
    lead_teams = {getattr(contact.staff.team, "code", None) for contact in stored if contact.role == "team_lead"}
    assert lead_teams == set(subject.teams.values_list("code", flat=True))


@pytest.mark.parametrize("number, figures", PROJECT_FIGURES.items())
def test_project_figures(plan_2023, number, figures):
    stored = EntryFigure.objects.filter(entry__project=project(plan_2023, number))
    assert decimals(figures) - {(figure.value, figure.unit) for figure in stored} == set()


@pytest.mark.parametrize("number, key, phrase, start, due, precision, tentative", MILESTONES)
def test_milestone(plan_2023, number, key, phrase, start, due, precision, tentative):
    milestone = project(plan_2023, number).milestones.get(key=key)
    assert milestone.parent is None
    assert phrase in milestone.title
    assert (milestone.start_date, milestone.due_date) == (start, due)
    assert (milestone.date_precision, milestone.is_tentative) == (precision, tentative)


@pytest.mark.parametrize("number", sorted({row[0] for row in MILESTONES}))
def test_top_level_milestones_are_all_listed(plan_2023, number):
    keys = project(plan_2023, number).milestones.filter(parent=None).values_list("key", flat=True)
    assert sorted(keys) == sorted(key for n, key, *_ in MILESTONES if n == number)


@pytest.mark.parametrize("top_key, phrase, start, due, precision", PROJECT_2_SUB_MILESTONES)
def test_project_2_sub_milestone(plan_2023, top_key, phrase, start, due, precision):
    steps = list(project(plan_2023, 2).milestones.all())
    by_pk = {step.pk: step for step in steps}

    def top_of(step):
        while step.parent_id:
            step = by_pk[step.parent_id]
        return step.key

    matching = [step for step in steps if step.parent_id and phrase in step.title]
    found = {(top_of(step), step.start_date, step.due_date, step.date_precision) for step in matching}
    assert (top_key, start, due, precision) in found


# ---------------------------------------------------------------------------------------------
# Revenue and expenditure
# ---------------------------------------------------------------------------------------------


def test_budget_tables(plan_2023):
    tables = {table.code: (table.kind, table.as_of, table.unit_text) for table in plan_2023.budget_tables.all()}
    assert tables == {code: (kind, AS_OF, "천원") for code, kind in BUDGET_TABLES.items()}


@pytest.mark.parametrize(
    "table_code, rows",
    [
        ("revenue-summary", REVENUE_SUMMARY),
        ("revenue-detail", REVENUE_DETAIL),
        ("expenditure-summary", EXPENDITURE_SUMMARY),
        ("expenditure-detail", EXPENDITURE_DETAIL),
    ],
)
def test_budget_table_has_exactly_the_printed_lines(plan_2023, table_code, rows):
    lines = table_lines(plan_2023, table_code)
    assert len(lines) == len(rows)
    assert [row[0] for row in rows if find_line(lines, row[0], row[1]) is None] == []


@pytest.mark.parametrize(
    "table_code, name, within, current, prior, change, rate",
    line_params("revenue-summary", REVENUE_SUMMARY) + line_params("revenue-detail", REVENUE_DETAIL),
)
def test_revenue_line(plan_2023, table_code, name, within, current, prior, change, rate):
    line = find_line(table_lines(plan_2023, table_code), name, within)
    assert amounts(line) == (won(current), won(prior), None, None)
    assert line.change == won(slip(table_code, name, within, "change", change))
    expected_rate = printed_percent(rate)
    if expected_rate is None or expected_rate.as_tuple().exponent < 0:
        assert line.change_rate == expected_rate
    else:
        # Printed to the whole percent: round the exact rate once (the one-place rate rounded again may differ).
        exact = Decimal(line.change) * 100 / Decimal(line.prior_final)
        assert exact.quantize(expected_rate, ROUND_HALF_UP) == expected_rate


@pytest.mark.parametrize(
    "table_code, name, within, current, prior, change, rate, commitments, commitment_rate",
    line_params("expenditure-summary", EXPENDITURE_SUMMARY),
)
def test_expenditure_summary_line(
    plan_2023, table_code, name, within, current, prior, change, rate, commitments, commitment_rate
):
    line = find_line(table_lines(plan_2023, table_code), name, within)
    assert amounts(line) == (won(current), won(prior), won(commitments), None)
    assert (line.change, line.change_rate) == (won(change), printed_percent(rate))
    assert line.commitment_rate == printed_percent(commitment_rate)


@pytest.mark.parametrize(
    "table_code, name, within, current, commitments, disbursements, commitment_rate, disbursement_rate",
    line_params("expenditure-detail", EXPENDITURE_DETAIL),
)
def test_expenditure_detail_line(
    plan_2023, table_code, name, within, current, commitments, disbursements, commitment_rate, disbursement_rate
):
    line = find_line(table_lines(plan_2023, table_code), name, within)
    assert amounts(line) == (won(current), None, won(commitments), won(disbursements))
    assert (line.commitment_rate, line.disbursement_rate) == (
        printed_percent(slip(table_code, name, within, "commitment_rate", commitment_rate)),
        printed_percent(slip(table_code, name, within, "disbursement_rate", disbursement_rate)),
    )


@pytest.mark.parametrize("table_code, name, within, change, rate", CHANGE_SAMPLES)
def test_derived_change_and_rate(plan_2023, table_code, name, within, change, rate):
    line = find_line(table_lines(plan_2023, table_code), name, within)
    assert line.change == won(change)
    assert line.change_rate == (None if rate is None else Decimal(rate))


@pytest.mark.parametrize("table_code, mismatches", CHILDREN_SUM_MISMATCHES.items())
def test_parents_sum_their_children_except_where_the_report_does_not(plan_2023, table_code, mismatches):
    lines = table_lines(plan_2023, table_code)
    children = defaultdict(list)
    for line in lines:
        children[line.parent_id].append(line)
    found = set()
    for line in lines:
        for column in ("current_budget", "prior_final", "commitments", "disbursements"):
            values = [getattr(child, column) for child in children.get(line.pk, [])]
            if any(value is not None for value in values) and getattr(line, column) != sum(filter(None, values)):
                found.add((normalise(line.name), column, getattr(line, column), sum(filter(None, values))))
    assert found == {
        (normalise(name), column, won(printed), won(total)) for name, column, printed, total in mismatches
    }


@pytest.mark.parametrize("table_code", ["expenditure-summary", "expenditure-detail"])
def test_department_rows(plan_2023, table_code):
    lines = table_lines(plan_2023, table_code)
    found = {name: find_line(lines, name) for name in EXPENDITURE_DEPARTMENT_ROWS}
    assert {name: line and line.department and line.department.code for name, line in found.items()} == (
        EXPENDITURE_DEPARTMENT_ROWS
    )


@pytest.mark.parametrize("table_code, accounts", ACCOUNT_LINES.items())
def test_account_lines(plan_2023, table_code, accounts):
    lines = table_lines(plan_2023, table_code)
    stored = {
        (normalise(line.name), department_of(line, lines)): line.account
        for line in lines
        if normalise(line.name) in ("일반회계", "특별회계")
    }
    assert stored == accounts


def test_misprinted_line_names(plan_2023):
    found = []
    for table_code, name, within, _printed in MISPRINTS:
        line = find_line(table_lines(plan_2023, table_code), name, within)
        found.append(line and (table_code, normalise(line.name), within, line.name_printed))
    assert found == [(table_code, normalise(name), within, printed) for table_code, name, within, printed in MISPRINTS]


def test_programme_lines_linked_to_projects(plan_2023):
    linked = BudgetLine.objects.filter(table__plan=plan_2023, project__isnull=False).select_related("table", "project")
    assert {(line.table.code, normalise(line.name)): line.project.number for line in linked} == {
        ("expenditure-detail", normalise(name)): number for name, number in PROJECT_LINKS.items()
    }
    assert {line.project.plan_id for line in linked} == {plan_2023.pk}


# ---------------------------------------------------------------------------------------------
# Glossary
# ---------------------------------------------------------------------------------------------


def test_glossary(plan_2023):
    terms = list(plan_2023.glossary.order_by("order"))
    assert [(term.term, term.page) for term in terms] == [(term, page) for term, _original, page, _phrase in GLOSSARY]
    for term, (_term, original, _page, phrase) in zip(terms, GLOSSARY, strict=True):
        assert term.term_original.startswith(original), term.term
        assert phrase in term.definition, term.term
