"""Words the generated organisation and plans are made of: Seoul's districts, unit and project names, people."""

#: The city government first, then the 25 district governments (자치구): (code, Korean name, English name).
GOVERNMENTS = (
    ("city", "서울특별시", "Seoul Metropolitan Government"),
    ("jongno", "종로구", "Jongno-gu"),
    ("jung", "중구", "Jung-gu"),
    ("yongsan", "용산구", "Yongsan-gu"),
    ("seongdong", "성동구", "Seongdong-gu"),
    ("gwangjin", "광진구", "Gwangjin-gu"),
    ("dongdaemun", "동대문구", "Dongdaemun-gu"),
    ("jungnang", "중랑구", "Jungnang-gu"),
    ("seongbuk", "성북구", "Seongbuk-gu"),
    ("gangbuk", "강북구", "Gangbuk-gu"),
    ("dobong", "도봉구", "Dobong-gu"),
    ("nowon", "노원구", "Nowon-gu"),
    ("eunpyeong", "은평구", "Eunpyeong-gu"),
    ("seodaemun", "서대문구", "Seodaemun-gu"),
    ("mapo", "마포구", "Mapo-gu"),
    ("yangcheon", "양천구", "Yangcheon-gu"),
    ("gangseo", "강서구", "Gangseo-gu"),
    ("guro", "구로구", "Guro-gu"),
    ("geumcheon", "금천구", "Geumcheon-gu"),
    ("yeongdeungpo", "영등포구", "Yeongdeungpo-gu"),
    ("dongjak", "동작구", "Dongjak-gu"),
    ("gwanak", "관악구", "Gwanak-gu"),
    ("seocho", "서초구", "Seocho-gu"),
    ("gangnam", "강남구", "Gangnam-gu"),
    ("songpa", "송파구", "Songpa-gu"),
    ("gangdong", "강동구", "Gangdong-gu"),
)

#: Fields of government work: a bureau is named after one, its divisions and teams after its topics.
FIELDS = (
    ("디지털정책", ("디지털전환", "데이터", "정보시스템", "정보보안", "공간정보", "스마트도시")),
    ("도시계획", ("도시관리", "지구단위", "경관", "도시재생", "공공개발", "토지관리")),
    ("교통", ("대중교통", "보행정책", "주차관리", "교통안전", "택시물류", "자전거")),
    ("복지", ("노인복지", "장애인복지", "아동복지", "자립지원", "돌봄", "복지시설")),
    ("환경", ("기후변화", "대기질", "자원순환", "녹지", "하천관리", "에너지")),
    ("문화관광", ("문화정책", "관광", "체육", "도서관", "축제", "문화시설")),
    ("안전", ("재난대응", "시설안전", "민방위", "하수방재", "생활안전", "소방협력")),
    ("경제", ("일자리", "소상공인", "창업", "전통시장", "투자유치", "사회적경제")),
    ("주택", ("공공주택", "주거복지", "건축", "정비사업", "임대관리", "주택공급")),
    ("행정", ("인사", "예산", "감사", "민원", "총무", "정보공개")),
)

TEAM_SUFFIXES = ("기획", "운영", "지원", "사업", "관리")

PROJECT_SUBJECTS = (
    "시민참여 플랫폼",
    "통합관제센터",
    "공공데이터 개방",
    "스마트 가로등",
    "생활권 공원",
    "노후 하수관로",
    "어린이 보호구역",
    "청년 일자리",
    "전통시장 활성화",
    "공공자전거",
    "주민센터 리모델링",
    "재난 안전망",
    "미세먼지 저감",
    "도서관 확충",
    "돌봄 서비스",
    "공공임대주택",
    "지역축제",
    "탄소중립 실천",
    "보행환경 개선",
    "민원 서비스",
)

PROJECT_KINDS = ("구축", "확대", "운영", "고도화", "추진", "개선", "조성")

STEP_ACTIONS = (
    "기본계획 수립",
    "관계부서 협의",
    "용역 발주",
    "사업자 선정",
    "착수보고회 개최",
    "중간보고",
    "시범운영",
    "현장점검",
    "시민 의견수렴",
    "예산 확보",
    "설계 완료",
    "공사 착공",
    "준공 및 개통",
    "성과 평가",
    "결과 보고",
    "홍보 추진",
    "자문위원회 개최",
    "조례 개정",
)

SURNAMES = (
    "김이박최정강조윤장임한오서신권황안송류전홍고문양손배백허유남심노하곽성차주우구민"
    "진나지엄채원천방공현함변염여추도소석선설마길연위표명기반왕금옥육인맹제모탁국어은편용"
)
GIVEN = "민서준지현우예은도윤하수연영진호성경미희주혜정재동상태유나한소승원태인석"
