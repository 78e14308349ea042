"""Synthetic content tree for benchmarks and tests: N articles, N/5 documents, deterministic for a seed.

    python scripts/gen_corpus.py --articles 1000 --out /tmp/corpus [--seed 1]

Writes DIR/taxonomies.yml, DIR/tin-tuc/<year>/<slug>.md and DIR/van-ban/<year>/<slug>.md that pass
`gazette check`: Vietnamese (NFC) prose about administrative reform, document numbers cited in the messy
forms real text uses, relations between generated documents, a few attachments. Stdlib only.
"""
from __future__ import annotations

import argparse
import bisect
import json
import random
import re
import shutil
import unicodedata
from datetime import date, timedelta
from pathlib import Path

YEARS = range(2016, 2026)
CATEGORIES = {"cai-cach-hanh-chinh": "Cải cách hành chính", "thu-tuc-hanh-chinh": "Thủ tục hành chính",
              "dich-vu-cong-truc-tuyen": "Dịch vụ công trực tuyến", "chuyen-doi-so": "Chuyển đổi số",
              "dau-tu-doanh-nghiep": "Đầu tư - Doanh nghiệp", "khu-cong-nghiep": "Khu công nghiệp",
              "hoat-dong-co-quan": "Hoạt động cơ quan", "phap-che": "Pháp chế"}
ISSUERS = {"chinh-phu": ("Chính phủ", "CP"), "thu-tuong": ("Thủ tướng Chính phủ", "TTg"),
           "bo-noi-vu": ("Bộ Nội vụ", "BNV"), "bo-ke-hoach-dau-tu": ("Bộ Kế hoạch và Đầu tư", "BKHĐT"),
           "bo-tttt": ("Bộ Thông tin và Truyền thông", "BTTTT"),
           "hdnd-tinh": ("Hội đồng nhân dân tỉnh Bình Thuận", "HĐND"),
           "ubnd-tinh": ("Ủy ban nhân dân tỉnh Bình Thuận", "UBND"), "so-noi-vu": ("Sở Nội vụ tỉnh Bình Thuận", "SNV"),
           "so-khdt": ("Sở Kế hoạch và Đầu tư tỉnh Bình Thuận", "SKHĐT"),
           "bqlkcn": ("Ban Quản lý các Khu công nghiệp tỉnh Bình Thuận", "BQLKCN")}
FIELDS = {"cai-cach-hanh-chinh": "Cải cách hành chính", "thu-tuc-hanh-chinh": "Thủ tục hành chính",
          "dau-tu": "Đầu tư", "chuyen-doi-so": "Chuyển đổi số", "van-thu-luu-tru": "Văn thư, lưu trữ",
          "cong-chuc-cong-vu": "Công chức, công vụ", "dat-dai-xay-dung": "Đất đai, xây dựng", "moi-truong": "Môi trường"}
# (type, symbol, issuer, carries the year, weight, highest number)
KINDS = [("Nghị định", "NĐ-CP", "chinh-phu", 1, 4, 180), ("Quyết định", "QĐ-TTg", "thu-tuong", 0, 3, 2300),
         ("Thông tư", "TT-BNV", "bo-noi-vu", 1, 1, 30), ("Thông tư", "TT-BTTTT", "bo-tttt", 1, 1, 40),
         ("Thông tư", "TT-BKHĐT", "bo-ke-hoach-dau-tu", 1, 1, 25), ("Quyết định", "QĐ-BNV", "bo-noi-vu", 0, 1, 1300),
         ("Nghị quyết", "NQ-HĐND", "hdnd-tinh", 1, 2, 40), ("Quyết định", "QĐ-UBND", "ubnd-tinh", 1, 3, 60),
         ("Quyết định", "QĐ-UBND", "ubnd-tinh", 0, 8, 3600), ("Kế hoạch", "KH-UBND", "ubnd-tinh", 0, 4, 320),
         ("Chỉ thị", "CT-UBND", "ubnd-tinh", 0, 1, 25), ("Hướng dẫn", "HD-SNV", "so-noi-vu", 0, 1, 30),
         ("Công văn", "SNV-CCHC&PC", "so-noi-vu", 0, 2, 3200), ("Quyết định", "QĐ-BQLKCN", "bqlkcn", 0, 5, 160),
         ("Kế hoạch", "KH-BQLKCN", "bqlkcn", 0, 6, 45), ("Thông báo", "TB-BQLKCN", "bqlkcn", 0, 3, 90),
         ("Báo cáo", "BC-BQLKCN", "bqlkcn", 0, 4, 260), ("Tờ trình", "TTr-BQLKCN", "bqlkcn", 0, 1, 60),
         ("Công văn", "BQLKCN-VP", "bqlkcn", 0, 4, 1600), ("Công văn", "BQLKCN-QLDN", "bqlkcn", 0, 2, 1600),
         ("Kế hoạch", "KH-SKHĐT", "so-khdt", 0, 1, 200)]
NORMATIVE = {"Nghị định", "Thông tư", "Nghị quyết"}
PLANS = {"Kế hoạch", "Quyết định", "Chỉ thị"}
# Cited in prose but never generated: `gazette check --missing` lists them.
EXTERNAL = [(2015, "Luật Tổ chức chính quyền địa phương ngày 19 tháng 6 năm 2015"),
            (2015, "Nghị định 56/ 2015/ NĐ - CP"), (2011, "Nghị định số 43/2011/NĐ-CP ngày 13/6/2011 của Chính phủ"),
            (2008, "Nghị định số 29/2008/NĐ-CP ngày 14 tháng 3 năm 2008"), (2020, "Luật Đầu tư số 61/2020/QH14"),
            (2011, "Nghị quyết số 30c/NQ-CP ngày 08/11/2011 của Chính phủ"), (2019, "Quyết định số 1291/QĐ-BTC ngày 28/6/2019"),
            (2018, "Thông tư số 01/2018/TT-VPCP ngày 23/11/2018 của Văn phòng Chính phủ"),
            (2021, "Công văn số 4919/VPCP-KTTH của Văn phòng Chính phủ")]
TOPICS = ["cải cách hành chính", "kiểm soát thủ tục hành chính", "thực hiện cơ chế một cửa, một cửa liên thông",
          "cung cấp dịch vụ công trực tuyến toàn trình", "chuyển đổi số trong cơ quan nhà nước",
          "thu hút đầu tư vào các khu công nghiệp", "quản lý nhà nước đối với các khu công nghiệp",
          "nâng cao Chỉ số năng lực cạnh tranh cấp tỉnh", "nâng cao Chỉ số cải cách hành chính",
          "nâng cao Chỉ số hài lòng về sự phục vụ hành chính", "công tác văn thư, lưu trữ",
          "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính", "ứng dụng chữ ký số", "phát triển hạ tầng khu công nghiệp",
          "cải thiện môi trường đầu tư kinh doanh", "bảo vệ môi trường trong khu công nghiệp",
          "tiếp nhận, xử lý phản ánh, kiến nghị của tổ chức, cá nhân", "triển khai Đề án 06",
          "xây dựng chính quyền điện tử, chính quyền số", "thanh toán trực tuyến phí, lệ phí",
          "tăng cường kỷ luật, kỷ cương hành chính", "tuyển dụng, quản lý công chức"]
TAGS = ["cải cách hành chính", "thủ tục hành chính", "dịch vụ công trực tuyến", "chuyển đổi số", "khu công nghiệp",
        "đầu tư", "doanh nghiệp", "một cửa", "chỉ số cải cách hành chính", "PCI", "SIPAS", "PAPI", "chữ ký số",
        "số hóa hồ sơ", "Đề án 06", "thanh toán trực tuyến", "Cổng Dịch vụ công quốc gia", "văn thư lưu trữ", "công chức",
        "kỷ luật kỷ cương", "tinh giản biên chế", "ISO 9001", "đối thoại doanh nghiệp", "thu hút đầu tư",
        "hạ tầng khu công nghiệp", "môi trường", "lao động", "xây dựng", "quy hoạch", "Phan Thiết", "Hàm Kiệm I",
        "Hàm Kiệm II", "Sơn Mỹ I", "Tân Đức", "Tuy Phong", "phản ánh kiến nghị", "tuyên truyền", "kiểm tra công vụ",
        "kiểm soát thủ tục hành chính", "giấy chứng nhận đăng ký đầu tư", "chính quyền điện tử", "chính quyền số",
        "dữ liệu dân cư", "định danh điện tử", "bưu chính công ích", "hồ sơ trực tuyến toàn trình", "văn bản điện tử",
        "hội nghị", "tập huấn", "sơ kết", "tổng kết", "kế hoạch năm", "báo cáo định kỳ", "pháp chế",
        "văn bản quy phạm pháp luật", "thanh tra", "phòng chống tham nhũng", "thi đua khen thưởng",
        "an toàn thông tin", "năng lượng tái tạo"]
TAG_WEIGHTS = [1 / (rank + 1) ** 1.1 for rank in range(len(TAGS))]     # Zipf-like
KCN = ["Khu công nghiệp Phan Thiết", "Khu công nghiệp Hàm Kiệm I", "Khu công nghiệp Hàm Kiệm II",
       "Khu công nghiệp Sơn Mỹ I", "Khu công nghiệp Tân Đức", "Khu công nghiệp Tuy Phong"]
UNITS = ["Văn phòng Ban", "Phòng Quản lý doanh nghiệp", "Phòng Quản lý đầu tư",
         "Phòng Quản lý quy hoạch và xây dựng", "Phòng Quản lý môi trường"]
ORG = ["Ban Quản lý các Khu công nghiệp tỉnh", "Ban Quản lý các KCN tỉnh", "Ban"]
SIGNERS = {"chinh-phu": "Nguyễn Văn Phong:Thủ tướng", "thu-tuong": "Nguyễn Văn Phong:Thủ tướng|Lê Minh Khải:Phó Thủ tướng",
           "bo-noi-vu": "Trần Văn Sơn:Bộ trưởng|Vũ Đăng Minh:Thứ trưởng", "bo-ke-hoach-dau-tu": "Hồ Đức Lâm:Thứ trưởng",
           "bo-tttt": "Phạm Anh Tuấn:Thứ trưởng", "hdnd-tinh": "Nguyễn Mạnh Hùng:Chủ tịch",
           "ubnd-tinh": "Dương Văn An:Chủ tịch|Huỳnh Minh Tâm:Phó Chủ tịch|Phan Văn Đăng:Phó Chủ tịch",
           "so-noi-vu": "Trần Thị Mỹ Hạnh:Giám đốc|Lê Thị Thu Hà:Phó Giám đốc", "so-khdt": "Hoàng Văn Bình:Giám đốc",
           "bqlkcn": "Nguyễn Hữu Thắng:Trưởng ban|Đặng Quốc Việt:Phó Trưởng ban"}
SOURCES = ["VP-BQLKCN", "Văn phòng Ban", "Phòng Quản lý doanh nghiệp", "Phòng Quản lý đầu tư", "PV", "Sở Nội vụ"]
AUTHORS = ["Minh Châu", "Thanh Tùng", "Ngọc Ánh", "Quốc Bảo", "Thu Trang"]
EVENTS = ["sơ kết", "tổng kết", "triển khai", "tập huấn về", "đối thoại với doanh nghiệp về", "kiểm tra công tác",
          "quán triệt"]
TITLES = ["{Unit} triển khai {topic} năm {y}", "Hội nghị tổng kết công tác {topic} năm {y}",
          "Đẩy mạnh {topic} tại các khu công nghiệp", "Kết quả {topic} {period} năm {y}",
          "Tập huấn {topic} cho công chức, viên chức", "Đối thoại với doanh nghiệp về {topic}",
          "Ban Quản lý các KCN tỉnh ban hành kế hoạch {topic} năm {y}", "{Kcn} thu hút thêm {n} dự án đầu tư",
          "Kiểm tra {topic} tại {unit}", "Tiếp nhận hồ sơ trực tuyến toàn trình đối với {n} thủ tục hành chính",
          "Sơ kết {period} về {topic}", "Nâng cao hiệu quả {topic} năm {y}"]
PERIODS = ["quý I", "quý II", "quý III", "6 tháng đầu", "9 tháng", "cả năm"]
SENTENCES = """Thời gian qua, {org} đã tập trung chỉ đạo các phòng chuyên môn thực hiện nghiêm túc các nhiệm vụ về {topic}, gắn với việc nâng cao chất lượng phục vụ người dân và doanh nghiệp.
Trong năm {y}, Ban đã tiếp nhận {big} hồ sơ thủ tục hành chính, trong đó {pct} hồ sơ được nộp trực tuyến và toàn bộ hồ sơ được giải quyết đúng hoặc trước hạn.
Lãnh đạo Ban yêu cầu {unit} khẩn trương rà soát, đề xuất cắt giảm thành phần hồ sơ và rút ngắn thời gian giải quyết đối với {n} thủ tục hành chính thuộc lĩnh vực đầu tư.
Chỉ số cải cách hành chính của Ban xếp hạng {rank} trong khối sở, ban, ngành, tăng {n} bậc so với năm trước.
Các doanh nghiệp trong {kcn} đánh giá cao việc cung cấp dịch vụ công trực tuyến toàn trình, giúp tiết kiệm thời gian và chi phí đi lại.
Hệ thống thông tin giải quyết thủ tục hành chính của tỉnh được kết nối, chia sẻ dữ liệu với Cổng Dịch vụ công quốc gia, bảo đảm theo dõi tiến độ giải quyết hồ sơ theo thời gian thực.
Việc số hóa hồ sơ, kết quả giải quyết thủ tục hành chính được thực hiện ngay tại Bộ phận Tiếp nhận và Trả kết quả, tỷ lệ số hóa đạt {pct}.
Đến nay, các khu công nghiệp trên địa bàn tỉnh đã thu hút {n} dự án đầu tư còn hiệu lực với tổng vốn đăng ký trên {big} tỷ đồng.
Tỷ lệ lấp đầy của {kcn} đạt {pct}, nhiều dự án đã đi vào hoạt động ổn định, tạo việc làm cho hàng nghìn lao động địa phương.
Ban tiếp tục phối hợp với Sở Kế hoạch và Đầu tư, Sở Tài nguyên và Môi trường và các địa phương tháo gỡ khó khăn về mặt bằng, hạ tầng cho nhà đầu tư.
Công tác tuyên truyền về cải cách hành chính được đổi mới theo hướng thiết thực, chú trọng phổ biến các thủ tục hành chính mới ban hành đến cộng đồng doanh nghiệp.
Công chức được giao nhiệm vụ tiếp nhận hồ sơ phải niêm yết công khai, đầy đủ quy trình, thời hạn giải quyết và mức phí, lệ phí của từng thủ tục.
Trường hợp hồ sơ quá hạn, cơ quan giải quyết phải có văn bản xin lỗi tổ chức, cá nhân và hẹn lại thời gian trả kết quả.
Ban đã ứng dụng chữ ký số chuyên dùng trong gửi, nhận văn bản điện tử; {pct} văn bản đi được ký số và gửi qua trục liên thông văn bản quốc gia.
Kết quả khảo sát cho thấy mức độ hài lòng của tổ chức, cá nhân đối với sự phục vụ của cơ quan đạt {pct}.
Bên cạnh kết quả đạt được, công tác {topic} vẫn còn một số hạn chế như tỷ lệ hồ sơ nộp trực tuyến ở một số thủ tục còn thấp, hạ tầng công nghệ thông tin chưa đồng bộ.
Nguyên nhân chủ yếu là một bộ phận doanh nghiệp chưa quen với việc nộp hồ sơ điện tử, trong khi một số phần mềm chuyên ngành chưa kết nối được với hệ thống của tỉnh.
Để khắc phục, Ban sẽ tăng cường hướng dẫn trực tiếp, tổ chức các lớp tập huấn ngắn hạn và bố trí công chức hỗ trợ doanh nghiệp tại {kcn}.
Trong thời gian tới, Ban tập trung thực hiện {n} nhóm nhiệm vụ trọng tâm, trong đó ưu tiên cải cách thủ tục hành chính và chuyển đổi số.
Hội nghị đã nghe đại diện {unit} trình bày báo cáo tóm tắt và các ý kiến tham luận của doanh nghiệp về những vướng mắc trong quá trình thực hiện.
Phát biểu chỉ đạo, {leader} đề nghị các phòng chuyên môn nâng cao tinh thần trách nhiệm, không để xảy ra tình trạng nhũng nhiễu, gây phiền hà cho doanh nghiệp.
Kết quả kiểm tra cho thấy các đơn vị đã cập nhật đầy đủ hồ sơ lên hệ thống, tuy nhiên vẫn còn {n} hồ sơ chậm trả kết quả do phải lấy ý kiến của cơ quan liên quan.
Các nhà đầu tư có thể tra cứu thông tin quy hoạch, quỹ đất và danh mục dự án kêu gọi đầu tư trên trang thông tin điện tử của Ban.
Trong {period} năm {y}, Ban đã cấp mới {n} Giấy chứng nhận đăng ký đầu tư và điều chỉnh cho {n2} dự án.
Việc thanh toán phí, lệ phí trực tuyến được triển khai qua nền tảng thanh toán của Cổng Dịch vụ công quốc gia, doanh nghiệp không phải đến trụ sở cơ quan.
Ban thường xuyên rà soát, cập nhật cơ sở dữ liệu doanh nghiệp, dự án và lao động trong các khu công nghiệp để phục vụ công tác quản lý và báo cáo.
Đoàn kiểm tra đề nghị {unit} khắc phục ngay các tồn tại được chỉ ra, báo cáo kết quả về Văn phòng Ban trước ngày {d}.
Việc giữ vững kỷ luật, kỷ cương hành chính được xác định là nhiệm vụ thường xuyên, gắn với đánh giá, xếp loại công chức hằng năm.
Công tác văn thư, lưu trữ được thực hiện đúng quy định; hồ sơ công việc được lập và nộp lưu vào lưu trữ cơ quan đúng thời hạn.
Người dân, doanh nghiệp có thể phản ánh, kiến nghị về quy định hành chính qua đường dây nóng, hộp thư điện tử hoặc trực tiếp tại trụ sở cơ quan.""".split("\n")
CITING = """Thực hiện {cite}, {org} đã xây dựng kế hoạch triển khai cụ thể, phân công nhiệm vụ cho từng phòng chuyên môn.
Theo {cite}, các cơ quan, đơn vị phải hoàn thành việc rà soát, đánh giá thủ tục hành chính trong năm {y}.
Căn cứ {cite}, Ban đã chỉ đạo {unit} tổ chức triển khai thực hiện nghiêm túc, hiệu quả.
Nội dung này được quy định cụ thể tại {cite}.
Đây là một trong những nhiệm vụ trọng tâm được xác định tại {cite}.
Ban tiếp tục triển khai các giải pháp theo {cite}, bảo đảm tiến độ và chất lượng.""".split("\n")
LIST_ITEMS = ["rà soát, đơn giản hóa thủ tục hành chính thuộc lĩnh vực đầu tư;", "nâng cao tỷ lệ hồ sơ nộp trực tuyến toàn trình;",
              "số hóa hồ sơ, kết quả giải quyết thủ tục hành chính;", "duy trì Hệ thống quản lý chất lượng theo TCVN ISO 9001:2015;",
              "công khai, minh bạch thông tin quy hoạch, quỹ đất khu công nghiệp;", "đẩy mạnh ứng dụng chữ ký số trong xử lý văn bản;",
              "tăng cường kiểm tra công vụ, kỷ luật, kỷ cương hành chính;", "hỗ trợ doanh nghiệp tháo gỡ khó khăn, vướng mắc;",
              "cập nhật cơ sở dữ liệu doanh nghiệp và lao động;"]
DOC_SENTENCES = """Các cơ quan, đơn vị có trách nhiệm tổ chức thực hiện; định kỳ hằng quý báo cáo kết quả về {unit} để tổng hợp.
Kinh phí thực hiện được bố trí từ nguồn ngân sách nhà nước theo phân cấp hiện hành và các nguồn hợp pháp khác.
Trong quá trình thực hiện, nếu có khó khăn, vướng mắc, các cơ quan, đơn vị phản ánh kịp thời để được hướng dẫn, giải quyết.
Mục tiêu đến hết năm {y} có ít nhất {pct} hồ sơ thủ tục hành chính được tiếp nhận, giải quyết trực tuyến.
{Unit} chủ trì, phối hợp với các phòng chuyên môn theo dõi, đôn đốc, kiểm tra việc thực hiện.
Văn bản gồm {n} điều, quy định phạm vi điều chỉnh, đối tượng áp dụng, nguyên tắc thực hiện và trách nhiệm của các cơ quan, đơn vị.""".split("\n")
GISTS = {"Công văn": "V/v đẩy mạnh {topic}", "Báo cáo": "Kết quả {topic} {period} năm {y}", "Nghị định": "Quy định về {topic}",
         "Thông báo": "Kết luận của Trưởng ban tại cuộc họp về {topic}", "Tờ trình": "Đề nghị phê duyệt kế hoạch {topic}",
         "Kế hoạch": "{Topic} năm {y}", "Chỉ thị": "Về tăng cường {topic}", "Thông tư": "Hướng dẫn {topic}",
         "Nghị quyết": "Quy định chính sách hỗ trợ {topic} trên địa bàn tỉnh Bình Thuận",
         "Hướng dẫn": "Hướng dẫn {topic} năm {y}", "Quyết định": "Ban hành Quy chế {topic}"}
HEADINGS = ["Kết quả nổi bật", "Những hạn chế, tồn tại", "Nhiệm vụ thời gian tới", "Ý kiến của doanh nghiệp"]


def fold(text: str) -> str:
    text = unicodedata.normalize("NFD", text.lower())
    return "".join(c for c in text if not unicodedata.combining(c)).replace("đ", "d")


def slugify(text: str, limit: int = 70) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")
    return slug[:limit].rsplit("-", 1)[0] if len(slug) > limit else slug


def count_words(text: str) -> int:
    """Words of prose: whitespace-separated tokens holding a letter or digit (not `-`, `##`)."""
    return sum(1 for token in text.split() if any(c.isalnum() for c in token))


def q(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)        # a JSON string is a valid YAML double-quoted scalar


def dmy(day: date) -> str:
    return f"{day.day}/{day.month}/{day.year}"


def cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def fill(template: str, rng: random.Random, year: int, **extra) -> str:
    values = dict(org=rng.choice(ORG), unit=rng.choice(UNITS), kcn=rng.choice(KCN), topic=rng.choice(TOPICS), y=year,
                  n=f"{rng.randint(2, 60):02d}", n2=rng.randint(3, 40), big=f"{rng.randint(1, 9)}.{rng.randint(0, 999):03d}",
                  pct=f"{rng.randint(55, 99)},{rng.randint(0, 9)}%", rank=f"{rng.randint(1, 21)}/21",
                  leader=rng.choice(["Trưởng ban", "Phó Trưởng ban"]), period=rng.choice(PERIODS),
                  d=dmy(date(year, rng.randint(1, 12), rng.randint(1, 28))))
    values.update(extra)
    values.update(Unit=cap(values["unit"]), Kcn=values["kcn"], Topic=cap(values["topic"]))
    return template.format(**values)


def make_documents(rng: random.Random, count: int) -> list[dict]:
    """Documents sorted by issue date; numbers unique per year, some repeating across years (→ number@YEAR)."""
    docs, taken = [], set()
    external = {m for _, e in EXTERNAL for m in re.findall(r"\d+[a-z]?/[^ ,]+", e)}
    for index in range(count):
        type_, symbol, issuer, yearly, _, top = rng.choices(KINDS, weights=[k[4] for k in KINDS])[0]
        year = YEARS[index * len(YEARS) // count] if index < count - count // 10 else rng.choice(YEARS)
        while True:
            canonical = f"{rng.randint(1, top):02d}/" + (f"{year}/" if yearly else "") + symbol
            if (year, fold(canonical)) not in taken and canonical not in external:
                break
            top += 5
        taken.add((year, fold(canonical)))
        issued = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
        signer = rng.choice(SIGNERS[issuer].split("|")).split(":")
        topic = rng.choice(TOPICS)
        doc = dict(type=type_, issuer=issuer, yearly=yearly, canonical=canonical, key=fold(canonical), year=year,
                   slug=re.sub(r"[^a-z0-9]+", "-", fold(canonical)).strip("-"), issued=issued, topic=topic,
                   title=fill(GISTS[type_], rng, year, topic=topic), signer=signer if rng.random() < 0.8 else ["", signer[1]],
                   fields=rng.sample(list(FIELDS), rng.randint(1, 2)), relations={}, attachments=[])
        if type_ in NORMATIVE or yearly:
            doc["effective"] = issued + timedelta(days=rng.randint(10, 60))
            if rng.random() < 0.04:
                doc["expires"] = issued + timedelta(days=rng.randint(700, 1800))
        elif type_ in ("Quyết định", "Chỉ thị") and rng.random() < 0.7:
            doc["effective"] = issued
        docs.append(doc)
    docs.sort(key=lambda d: (d["issued"], d["key"]))
    years_of: dict[str, list[int]] = {}
    for doc in docs:
        years_of.setdefault(doc["key"], []).append(doc["year"])
    for index, doc in enumerate(docs):
        doc["unique"] = len(years_of[doc["key"]]) == 1
        doc["ref"] = doc["canonical"] + ("" if doc["unique"] else f"@{doc['year']}")
        earlier, used = docs[max(0, index - 80):index], set()
        same = [d for d in earlier if d["type"] == doc["type"] and d["issuer"] == doc["issuer"]]

        def pick(key: str, pool: list[dict], chance: float, most: int = 1) -> None:
            pool = [d for d in pool if d["key"] not in used]
            if pool and rng.random() < chance:
                doc["relations"][key] = chosen = rng.sample(pool, min(len(pool), rng.randint(1, most)))
                used.update(d["key"] for d in chosen)
        if issuer not in ("chinh-phu", "thu-tuong"):
            pick("based_on", [d for d in earlier if d["type"] in NORMATIVE or d["yearly"]], 0.55, 2)
        if doc["type"] not in NORMATIVE:
            pick("implements", [d for d in earlier if d["type"] in PLANS], 0.45)
        if doc["type"] in NORMATIVE or doc["yearly"]:
            pick("amends", same, 0.12)
        pick("replaces", [d for d in same if not d.get("replaced")], 0.07)   # older targets only: no cycles
        for target in doc["relations"].get("replaces", []):
            target["replaced"] = True
        pick("related", earlier[-30:], 0.08)
        if index % 25 == 3:
            doc["attachments"].append((doc["slug"] + ".txt", f"Toàn văn {doc['type'].lower()} (bản trích)"))
            if index % 75 == 3:
                doc["attachments"].append((doc["slug"] + ".pdf", "Bản scan có chữ ký"))
    return docs


def cite(doc: dict, rng: random.Random, messy: bool = True) -> str:
    """One citation of `doc` as editors write it; numbers repeated across years always carry their date."""
    num, day, type_ = doc["canonical"], doc["issued"], doc["type"]
    dated = "" if doc["unique"] else f" ngày {dmy(day)}"
    return {"full": f"{type_} số {num} ngày {dmy(day)} của {ISSUERS[doc['issuer']][0]}",
            "formal": f"{type_} số {num} ngày {day.day:02d} tháng {day.month:02d} năm {day.year}",
            "colon": f"{type_} số: {num} ngày {dmy(day)}", "comma": f"{type_} số {num}, ngày {dmy(day)}",
            "short": f"{type_} số {num}{dated}", "bare": num.replace("QĐ-", "QD-", 1).replace("NĐ-", "ND-", 1) + dated,
            "lookalike": f"{type_} số {num.replace('Đ', 'Ð')}{dated}",
            }[rng.choice(["full", "full", "formal", "colon", "comma", "short", "bare", "lookalike"]) if messy else "full"]


def document_text(doc: dict, rng: random.Random) -> str:
    fm = [("number", q(doc["canonical"])), ("type", q(doc["type"])), ("title", q(doc["title"])), ("issuer", doc["issuer"]),
          ("issued", doc["issued"].isoformat()), ("signer", doc["signer"][0] and q(doc["signer"][0])),
          ("signer_title", q(doc["signer"][1])), ("effective", doc.get("effective") and doc["effective"].isoformat()),
          ("expires", doc.get("expires") and doc["expires"].isoformat()), ("fields", "[" + ", ".join(doc["fields"]) + "]"),
          ("attachments", doc["attachments"] and "[" + ", ".join(f"{{file: {q(f)}, title: {q(t)}}}"
                                                               for f, t in doc["attachments"]) + "]")]
    fm += [(key, "[" + ", ".join(q(t["ref"]) for t in targets) + "]") for key, targets in doc["relations"].items()]
    type_low, body = doc["type"].lower(), []
    if doc["type"] != "Công văn":
        basis = [rng.choice(EXTERNAL[:5])[1]] + [cite(t, rng, messy=False) for t in doc["relations"].get("based_on", [])]
        body.append(f"Căn cứ {'; '.join(basis)}; theo đề nghị của {rng.choice(UNITS)}, "
                    f"{ISSUERS[doc['issuer']][0]} ban hành {type_low} này.")
    body.append(f"{doc['type']} {rng.choice(['quy định', 'đề cập', 'hướng dẫn', 'xác định'])} các nội dung về {doc['topic']}, "
                "áp dụng đối với các cơ quan, đơn vị, tổ chức và doanh nghiệp có liên quan trên địa bàn tỉnh. "
                + " ".join(fill(t, rng, doc["year"]) for t in rng.sample(DOC_SENTENCES, rng.randint(1, 3))))
    wording = {"implements": "Văn bản được ban hành nhằm thực hiện", "amends": f"{doc['type']} này sửa đổi, bổ sung một số điều của",
               "replaces": f"{doc['type']} này thay thế", "related": "Nội dung có liên quan đến"}
    body += [f"{text} {cite(t, rng, messy=key == 'related')}." for key, text in wording.items()
             for t in doc["relations"].get(key, [])]
    end = f"có hiệu lực kể từ ngày {dmy(doc['effective'])}" if doc.get("effective") else "được gửi các cơ quan, đơn vị để thực hiện"
    body.append(f"{cap(type_low)} {end}. Thủ trưởng các cơ quan, đơn vị có liên quan chịu trách nhiệm thi hành.")
    return "---\n" + "".join(f"{k}: {v}\n" for k, v in fm if v) + "---\n" + "\n\n".join(body) + "\n"


def article_text(index: int, rng: random.Random, docs: list[dict], days: list[date], slugs: set) -> tuple[str, str]:
    year = rng.choice(YEARS)
    day = date(year, 1, 1) + timedelta(days=rng.randint(0, 364))
    title = fill(rng.choice(TITLES), rng, year)
    slug = slugify(title)
    slug = slug if (year, slug) not in slugs else f"{slug}-{index}"
    slugs.add((year, slug))
    when = day.isoformat() if rng.random() < 0.7 else q(f"{day} {rng.randint(7, 17):02d}:{rng.choice([0, 15, 30, 45]):02d}")
    tags, want = [], rng.choice([1, 2, 2, 3, 3, 4])
    while len(tags) < want:
        tag = rng.choices(TAGS, weights=TAG_WEIGHTS)[0]
        tags += [tag] if tag not in tags else []
    lead = fill("Ngày {d}, {org} tổ chức {event} {topic}.", rng, year, event=rng.choice(EVENTS), d=dmy(day))
    pool = docs[max(0, bisect.bisect_right(days, day) - 60):bisect.bisect_right(days, day)]
    chosen = rng.sample(pool, min(len(pool), rng.choice([0, 1, 1, 2, 2, 3])))
    fm = [("title", q(title)), ("date", when), ("category", rng.choice(list(CATEGORIES))),
          ("tags", "[" + ", ".join(q(t) for t in tags) + "]"), ("summary", rng.random() < 0.4 and q(lead)),
          ("source", rng.random() < 0.6 and q(rng.choice(SOURCES))), ("author", rng.random() < 0.2 and q(rng.choice(AUTHORS))),
          ("documents", chosen and "[" + ", ".join(q(d["ref"]) for d in chosen) + "]"),
          ("aliases", rng.random() < 0.03 and f"[{q(f'/tin-tuc/cu/{10000 + index}.html')}]")]
    cites = [cite(d, rng) for d in chosen]
    if pool and rng.random() < 0.3:
        cites.append(cite(rng.choice(pool), rng))              # mentioned in the body only
    if rng.random() < 0.35:
        cites.append(rng.choice([text for since, text in EXTERNAL if since <= year]))   # not in the corpus
    target, order = rng.randint(320, 800), rng.sample(SENTENCES, len(SENTENCES)) * 3
    blocks, paragraph = [], [lead] + ([fill(rng.choice(CITING), rng, year, cite=cites.pop(0))] if cites else [])
    words = count_words(" ".join(paragraph))
    while words < target:
        if len(paragraph) >= rng.randint(2, 4):
            blocks.append(" ".join(paragraph))
            paragraph = []
            if words + 80 < target and rng.random() < 0.25:
                heading = f"## {rng.choice(HEADINGS)}" if rng.random() < 0.5 else "Các nhiệm vụ trọng tâm gồm:"
                items = rng.sample(LIST_ITEMS, rng.randint(3, 5)) if heading.endswith(":") else []
                blocks.append((heading + "".join(f"\n- {item}" for item in items)).rstrip(";") + ("." if items else ""))
                words += count_words(blocks[-1])
        use_cite = cites and (rng.random() < 0.5 or words > target - 60)
        paragraph.append(fill(rng.choice(CITING), rng, year, cite=cites.pop(0)) if use_cite else fill(order.pop(), rng, year))
        words += count_words(paragraph[-1])
    blocks.append(" ".join(paragraph))
    return f"tin-tuc/{year}/{slug}.md", "---\n" + "".join(f"{k}: {v}\n" for k, v in fm if v) + "---\n" + "\n\n".join(blocks) + "\n"


def taxonomies_text() -> str:
    out = ["categories:"] + [f"  {k}: {q(v)}" for k, v in CATEGORIES.items()] + ["", "issuers:"]
    for key, (name, code) in ISSUERS.items():
        out += [f"  {key}:", f"    name: {q(name)}", f"    code: {q(code)}"]
    return "\n".join(out + ["", "fields:"] + [f"  {k}: {q(v)}" for k, v in FIELDS.items()]) + "\n"


def generate_corpus(out: Path, articles: int, seed: int = 1) -> dict:
    """Writes the tree under `out` (replacing a previously generated tree there); returns counts."""
    out = Path(out)
    if out.exists() and any(out.iterdir()) and not (out / "taxonomies.yml").is_file():
        raise SystemExit(f"gen_corpus: {out} exists and is not a generated corpus; refusing to overwrite")
    for part in ("tin-tuc", "van-ban"):
        shutil.rmtree(out / part, ignore_errors=True)
    rng = random.Random(seed)
    docs = make_documents(rng, max(articles // 5, 1))
    files: dict[str, str | bytes] = {"taxonomies.yml": taxonomies_text()}
    for doc in docs:
        files[f"van-ban/{doc['year']}/{doc['slug']}.md"] = document_text(doc, rng)
        for name, title in doc["attachments"]:
            files[f"van-ban/{doc['year']}/{name}"] = (b"%PDF-1.4\n% gazette benchmark\n%%EOF\n" if name.endswith(".pdf")
                                                      else f"{doc['canonical']}\n{doc['title']}\n\n{title}.\n")
    days, slugs = [d["issued"] for d in docs], set()
    for index in range(articles):
        path, text = article_text(index, rng, docs, days, slugs)
        files[path] = text
    for rel, data in files.items():
        path = out / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data if isinstance(data, bytes) else unicodedata.normalize("NFC", data).encode("utf-8"))
    return {"articles": articles, "documents": len(docs), "files": len(files)}


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--articles", type=int, required=True)
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    counts = generate_corpus(args.out, args.articles, args.seed)
    print(f"{counts['articles']} articles, {counts['documents']} documents, {counts['files']} files in {args.out}")
