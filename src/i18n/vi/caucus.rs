//! Vietnamese words for the results-table audit: its findings, the rules' errors and the tables'
//! problems. The sentence structure is the core's ([`text`](castcheck_record::caucus::text)).

use castcheck_record::caucus::allocate::{AllocationNote, Step, ViabilityRule};
use castcheck_record::caucus::audit::{FindingKind, Reading};
use castcheck_record::caucus::csv::CsvProblem;
use castcheck_record::caucus::table::{Section, TableColumn, TableError, TableKind, TableProblem};
use castcheck_record::caucus::text::Wording;
use castcheck_record::caucus::{Fixed, NumberError, RulesError};

use super::Vietnamese;

/// Why a results or delegates table could not be read.
pub fn table_error(e: &TableError) -> String {
    let table = match e.table {
        TableKind::Results => "bảng kết quả",
        TableKind::Delegates => "bảng đại biểu",
    };
    format!(
        "{table}, hàng {}, cột {}: {}",
        e.row,
        e.column,
        table_problem(&e.problem)
    )
}

/// A column: header labels as the table spells them; a candidate's section in Vietnamese.
fn column_name(c: &TableColumn) -> String {
    match c {
        TableColumn::Candidate { name, section } => {
            format!("{name} ({})", Vietnamese.section(*section))
        }
        TableColumn::County
        | TableColumn::Precinct
        | TableColumn::CountyDelegates
        | TableColumn::PrecinctSde => c.to_string(),
    }
}

fn number_error(e: &NumberError) -> String {
    match e {
        NumberError::Empty => "cần một số nhưng trường này trống".into(),
        NumberError::NotANumber { text } => format!("cần một số nhưng lại thấy {text:?}"),
        NumberError::TooLarge { text } => format!("số quá lớn: {text:?}"),
        NumberError::TooManyDecimals { text, max } => {
            format!("tối đa {max} chữ số thập phân: {text:?}")
        }
        NumberError::ZeroDenominator { text } => format!("mẫu số bằng 0 trong {text:?}"),
    }
}

fn table_problem(p: &TableProblem) -> String {
    match p {
        TableProblem::Csv { problem } => match problem {
            CsvProblem::QuoteInUnquotedField => {
                "có dấu ngoặc kép bên trong một trường không nằm trong ngoặc kép (hãy đặt toàn bộ trường trong ngoặc kép)".into()
            }
            CsvProblem::TextAfterClosingQuote { found } => {
                format!("có văn bản {found:?} sau dấu ngoặc kép đóng của một trường nằm trong ngoặc kép")
            }
            CsvProblem::UnclosedQuote => "một trường nằm trong ngoặc kép không bao giờ được đóng lại".into(),
        },
        TableProblem::MissingHeaderRows => {
            "cần ba hàng tiêu đề (phần, ứng cử viên, County/Precinct)".into()
        }
        TableProblem::HeaderWidth { expected, found } => format!(
            "các hàng tiêu đề phải có cùng số trường: cần {expected}, có {found}"
        ),
        TableProblem::NotCountyPrecinct { expected, found } => format!(
            "hàng tiêu đề thứ ba phải bắt đầu bằng County,Precinct; cần {expected}, lại thấy {found:?}"
        ),
        TableProblem::UnknownSection { found } => format!(
            "phần không xác định {found:?} (cần First Expression, Final Expression hoặc SDE)"
        ),
        TableProblem::SectionTwice { section } => {
            format!("phần {:?} xuất hiện hai lần", section.title())
        }
        TableProblem::SectionOrder => {
            "cần các phần First Expression, Final Expression, SDE theo đúng thứ tự đó".into()
        }
        TableProblem::EmptyCandidate => "tên ứng cử viên để trống".into(),
        TableProblem::CandidateTwice { name } => format!("ứng cử viên {name:?} được liệt kê hai lần"),
        TableProblem::SectionWidth {
            section,
            found,
            expected,
        } => format!(
            "phần {:?} có {found} cột nhưng First Expression có {expected}",
            section.title()
        ),
        TableProblem::CandidateMismatch {
            section,
            found,
            expected,
        } => format!(
            "ứng cử viên {found:?} trong phần {:?} không khớp với {expected:?} ở cùng vị trí trong First Expression",
            section.title()
        ),
        TableProblem::FieldCount { expected, found } => {
            format!("cần {expected} trường, có {found}")
        }
        TableProblem::EmptyCounty => "tên quận hạt để trống".into(),
        TableProblem::EmptyPrecinct => "tên khu bầu cử để trống".into(),
        TableProblem::NotWhole { column, error } => {
            let column = column_name(column);
            match error {
                NumberError::Empty => {
                    format!("{column}: cần một số nguyên nhưng trường này trống")
                }
                NumberError::NotANumber { text } => {
                    format!("{column}: cần một số nguyên nhưng lại thấy {text:?}")
                }
                other => format!("{column}: {}", number_error(other)),
            }
        }
        TableProblem::NotDecimal { column, error } => {
            format!("{}: {}", column_name(column), number_error(error))
        }
        TableProblem::NoHeader => "bảng trống: cần một hàng tiêu đề".into(),
        TableProblem::MissingColumn { column } => {
            format!("tiêu đề không có cột {:?}", column_name(column))
        }
    }
}

impl Wording for Vietnamese {
    fn option(&self, n: usize) -> String {
        format!("lựa chọn {n}")
    }
    fn nobody(&self) -> &'static str {
        "không ai"
    }
    fn no_delegates(&self) -> &'static str {
        "không có đại biểu"
    }
    fn none(&self) -> &'static str {
        "không có"
    }
    fn and(&self) -> &'static str {
        " và "
    }
    fn or(&self) -> &'static str {
        " hoặc "
    }
    fn too_large(&self) -> &'static str {
        "một số quá lớn để tính"
    }

    fn kind_meaning(&self, kind: FindingKind) -> &'static str {
        match kind {
            FindingKind::NonviableAwarded => {
                "một nhóm quá nhỏ để đạt ngưỡng khả thi ở lần bày tỏ cuối cùng lại được phân bổ đại biểu"
            }
            FindingKind::WrongDelegateCount => {
                "số đại biểu được phân bổ (tính ngược từ các SDE đã công bố) không đúng với kết quả mà quy tắc cho ra đối với lần bày tỏ cuối cùng đã công bố"
            }
            FindingKind::SdeMismatch => {
                "một SDE đã công bố không ứng với một số nguyên đại biểu của khu bầu cử (trọng số SDE ÷ số đại biểu)"
            }
            FindingKind::FinalExceedsFirst => {
                "số người được đếm ở lần bày tỏ cuối cùng nhiều hơn ở lần thứ nhất"
            }
            FindingKind::TotalsMismatch => {
                "một tổng số quận hạt đã công bố không bằng tổng các hàng khu bầu cử của quận hạt đó"
            }
            FindingKind::MissingPrecinct => {
                "một khu bầu cử có trong bảng này nhưng không có trong bảng kia, nên không thể kiểm tra số đại biểu của khu đó"
            }
            FindingKind::DuplicatePrecinct => {
                "một khu bầu cử được liệt kê hai lần, hoặc hai khu bầu cử có số liệu công bố giống hệt nhau"
            }
        }
    }

    fn reading(&self, reading: Reading) -> &'static str {
        match reading {
            Reading::Viability => "Số người tham gia = tổng số của lần bày tỏ thứ nhất; ngưỡng khả thi = làm tròn lên(số người tham gia × 25%) khi có 2 đại biểu, làm tròn lên(số người tham gia ÷ 6) khi có 3, làm tròn lên(số người tham gia × 15%) khi có từ 4 trở lên; khu bầu cử chỉ có một đại biểu thì không có ngưỡng và nhóm lớn nhất ở lần bày tỏ cuối cùng thắng.",
            Reading::DelegateFormula => "Công thức tính đại biểu: số người ở lần bày tỏ cuối cùng × số đại biểu ÷ số người tham gia lần bày tỏ thứ nhất, làm tròn đến số gần nhất (.5 làm tròn lên); nếu thiếu → thêm một đại biểu cho nhóm có phần dư thập phân lớn nhất; nếu thừa → bớt một đại biểu của nhóm có phần thập phân thấp nhất đã được làm tròn lên, nhưng không bao giờ lấy đi đại biểu duy nhất của một nhóm; các trường hợp hòa nhau hoàn toàn được quyết định bằng bốc thăm và mọi kết quả đều được chấp nhận.",
            Reading::SdeWorkBack => "Số đại biểu của mỗi nhóm được tính ngược từ các SDE đã công bố: SDE ÷ (trọng số SDE của khu bầu cử ÷ số đại biểu của khu bầu cử) phải là số nguyên, với sai lệch trong phạm vi 0.0001 SDE.",
            Reading::CountyTotals => "Tổng số quận hạt: số người phải cộng lại khớp chính xác; tổng SDE được phép sai lệch trong phạm vi 0.00005 × (số hàng + 1) do làm tròn đến 4 chữ số thập phân.",
            Reading::NameJoin => "Tên được ghép nối sau khi giải mã các ký tự thoát HTML, chuyển thành chữ thường và bỏ mọi ký tự không phải chữ cái hay chữ số.",
        }
    }

    fn rules_error(&self, error: &RulesError) -> String {
        match error {
            RulesError::ViabilityOver100 { percent } => {
                format!("ngưỡng khả thi {percent}% là không thể có")
            }
            RulesError::NeedsSingleChoice => {
                "quy tắc họp kín (caucus) cần một cuộc tranh cử chỉ chọn một lựa chọn".into()
            }
            RulesError::LengthMismatch { first, final_ } => format!(
                "lần bày tỏ thứ nhất có {first} lựa chọn nhưng lần bày tỏ cuối cùng có {final_}"
            ),
            RulesError::TooManyOutcomes { tied, chosen } => format!(
                "một lần bốc thăm chọn {chosen} trong {tied} lựa chọn hòa nhau có quá nhiều kết quả khả dĩ để liệt kê"
            ),
            RulesError::CountsTooLarge => format!(
                "tổng số phiếu vượt quá {}, số lớn nhất mà castcheck có thể tính",
                u64::MAX
            ),
            RulesError::QuotaTooLarge { count, delegates } => format!(
                "số phiếu {count} nhân với {delegates} đại biểu là quá lớn để tính"
            ),
            RulesError::DelegatesTooLarge { delegates } => {
                format!("{delegates} đại biểu là quá nhiều để tính")
            }
            RulesError::RoundedTooFar { rounded, delegates } => format!(
                "làm tròn cho ra {rounded} đại biểu trong khi chỉ bầu {delegates}: số phiếu vượt xa số người tham gia, nên không thể áp dụng quy tắc"
            ),
        }
    }

    fn section(&self, section: Section) -> &'static str {
        match section {
            Section::First => "Lần bày tỏ thứ nhất",
            Section::Final => "Lần bày tỏ cuối cùng",
            Section::Sde => "SDE",
        }
    }

    fn viability_rule(&self, rule: &ViabilityRule) -> String {
        match rule {
            ViabilityRule::WinnerTakesAll => "không có (người thắng được tất cả)".into(),
            ViabilityRule::PercentOfCounted { percent } => {
                format!("{percent}% tổng số đã đếm")
            }
            ViabilityRule::IowaBySize { delegates } => match delegates {
                0 => "không có đại biểu nào để bầu",
                1 => "một đại biểu: không có ngưỡng khả thi, nhóm lớn nhất thắng",
                2 => "hai đại biểu: 25% số người tham gia",
                3 => "ba đại biểu: một phần sáu số người tham gia",
                _ => "từ bốn đại biểu trở lên: 15% số người tham gia",
            }
            .into(),
        }
    }
    fn viability_threshold(&self, rule: &str, participants: u64, threshold: u64) -> String {
        format!("Ngưỡng khả thi ({rule}): {participants} người tham gia → ít nhất {threshold}.")
    }
    fn viability_without_threshold(&self, rule: &str) -> String {
        format!("Ngưỡng khả thi: {rule}.")
    }
    fn not_viable(&self) -> &'static str {
        " (không khả thi)"
    }
    fn counts_line(&self, list: Option<&str>) -> String {
        match list {
            Some(l) => format!("Số phiếu: {l}."),
            None => "Số phiếu: không có ai được đếm.".into(),
        }
    }
    fn formula_line(&self, delegates: u64, base: u64, quotas: &str, sum: u64) -> String {
        format!(
            "Công thức tính đại biểu (số phiếu × {delegates} đại biểu ÷ {base}): {quotas}; tổng {sum}."
        )
    }
    fn adjustment(&self, who: &str, step: Step) -> String {
        let verb = match step {
            Step::AddToLargestRemainder => "được thêm một đại biểu (phần dư lớn nhất)",
            Step::RemoveFromMostRoundedUp => {
                "bị bớt một đại biểu (phần thập phân thấp nhất đã được làm tròn lên)"
            }
            Step::RemoveOnlyDelegate => {
                "mất đại biểu duy nhất của mình (số nhóm khả thi nhiều hơn số đại biểu)"
            }
            Step::LargestGroup => "nhận các đại biểu với tư cách nhóm lớn nhất",
        };
        format!("Điều chỉnh: {who} {verb}.")
    }
    fn tie_note(&self, who: &str, step: Step, chosen: u64) -> String {
        let what = match step {
            Step::AddToLargestRemainder => format!(
                "hòa nhau ở phần dư lớn nhất; {chosen} trong số đó được thêm một đại biểu bằng cách bốc thăm"
            ),
            Step::RemoveFromMostRoundedUp | Step::RemoveOnlyDelegate => format!(
                "hòa nhau ở phần thập phân thấp nhất; {chosen} trong số đó bị bớt một đại biểu bằng cách bốc thăm"
            ),
            Step::LargestGroup => {
                "hòa nhau ở vị trí nhóm lớn nhất; các đại biểu thuộc về một nhóm được chọn bằng cách bốc thăm".into()
            }
        };
        format!("bốc thăm: {who} {what}; mọi kết quả đều được chấp nhận")
    }
    fn allocation_note(&self, note: &AllocationNote) -> String {
        let text = match note {
            AllocationNote::NobodyCounted { delegates } => {
                format!("không có ai được đếm: {delegates} đại biểu chưa được phân bổ.")
            }
            AllocationNote::NoParticipants { delegates } => format!(
                "không có gì để chia (không có người tham gia): {delegates} đại biểu chưa được phân bổ."
            ),
            AllocationNote::NoViableOption { delegates } => {
                format!("không có lựa chọn nào khả thi: {delegates} đại biểu chưa được phân bổ.")
            }
            AllocationNote::NoAdjustmentPossible => {
                "không thể điều chỉnh lựa chọn nào; kết quả giữ nguyên như khi làm tròn.".into()
            }
        };
        format!("Ghi chú: {text}")
    }
    fn rules_give(&self, outcome: &str) -> String {
        format!("Quy tắc cho ra: {outcome}.")
    }
    fn rules_allow(&self, outcomes: &str) -> String {
        format!("Quy tắc cho phép (bằng bốc thăm): {outcomes}.")
    }

    fn basis(
        &self,
        place: &str,
        delegates: u64,
        (weight, per): (&str, &str),
        first: &str,
        first_total: u128,
    ) -> String {
        format!(
            "{place}: bầu {delegates} đại biểu cấp quận hạt; trọng số SDE của khu bầu cử {weight} → một đại biểu = {per} SDE.\nLần bày tỏ thứ nhất: {first} = {first_total} người tham gia."
        )
    }
    fn sde_figure_not_whole(&self, name: &str, sdes: [&str; 4], nearest: u64) -> String {
        let [published, per, quotient, nearest_sde] = sdes;
        format!(
            "{name}: {published} SDE đã công bố ÷ {per} = {quotient} đại biểu, không phải số nguyên (số nguyên gần nhất, {nearest}, sẽ ứng với {nearest_sde} SDE)"
        )
    }
    fn undefined(&self) -> &'static str {
        "không xác định"
    }
    fn sde_figure_too_large(&self, name: &str, published: Fixed) -> String {
        format!(
            "{name}: không thể tính ngược {} SDE đã công bố ra số đại biểu: các con số quá lớn",
            published.display(4)
        )
    }
    fn sde_summary(&self, figures: usize) -> String {
        format!("{figures} số liệu SDE đã công bố không ứng với một số nguyên đại biểu")
    }
    fn delegate_check_skipped(&self) -> &'static str {
        "Bỏ qua bước kiểm tra đại biểu cho khu bầu cử này."
    }
    fn rules_not_applicable(&self, error: &str) -> String {
        format!("không thể áp dụng quy tắc: {error}")
    }
    fn worked_item(&self, name: &str, sde: Fixed, delegates: u64, per: Fixed) -> String {
        format!(
            "{name} {} = {delegates} × {}",
            sde.display(4),
            per.display(4)
        )
    }
    fn published_line(&self, worked: &str, published: &str, awarded: u128, elects: u64) -> String {
        format!(
            "Các SDE đã công bố được tính ngược: {worked} → {published} (tổng cộng {awarded} đại biểu; khu bầu cử bầu {elects})."
        )
    }
    fn nonviable_item(&self, name: &str, delegates: u64, why: &str) -> String {
        format!("{name} ({delegates} đại biểu; {why})")
    }
    fn below_threshold(&self, count: u64, threshold: u64) -> String {
        format!("{count} ở lần bày tỏ cuối cùng, ngưỡng {threshold}")
    }
    fn nobody_in_final(&self) -> &'static str {
        "không có ai ở lần bày tỏ cuối cùng"
    }
    fn nonviable_summary(&self, who: &str, rules_give: &str) -> String {
        format!("không khả thi nhưng vẫn được phân bổ đại biểu: {who}; quy tắc cho ra {rules_give}")
    }
    fn wrong_summary(&self, published: &str, rules_give: &str) -> String {
        format!("đã công bố {published}; quy tắc cho ra {rules_give}")
    }
    fn wrong_total_summary(
        &self,
        awarded: u128,
        elects: u64,
        published: &str,
        rules_give: &str,
    ) -> String {
        format!(
            "{awarded} đại biểu được phân bổ trong khi khu bầu cử bầu {elects}: đã công bố {published}; quy tắc cho ra {rules_give}"
        )
    }
    fn final_exceeds_summary(&self, first_total: u128, final_total: u128, excess: u128) -> String {
        format!(
            "lần bày tỏ cuối cùng đếm được {final_total} người, lần thứ nhất {first_total} (+{excess})"
        )
    }
    fn final_exceeds_computation(
        &self,
        (first, first_total): (&str, u128),
        (final_, final_total): (&str, u128),
        excess: u128,
    ) -> String {
        format!(
            "Lần bày tỏ thứ nhất: {first} = {first_total}.\nLần bày tỏ cuối cùng: {final_} = {final_total}.\nKhông ai có thể tham gia thêm giữa hai lần bày tỏ, nên tổng số của lần cuối cùng không thể vượt quá lần thứ nhất; ở đây nó vượt quá {excess}."
        )
    }
    fn total_count_diff(&self, column: &str, rows_sum: u64, total: u64, diff: i128) -> String {
        format!(
            "{column}: các hàng khu bầu cử cộng lại là {rows_sum}, hàng Total ghi {total} ({diff:+})"
        )
    }
    fn total_count_overflow(&self, column: &str, total: u64) -> String {
        format!(
            "{column}: các hàng khu bầu cử cộng lại vượt quá {}, hàng Total ghi {total}",
            u64::MAX
        )
    }
    fn total_sde_diff(&self, column: &str, [rows_sum, total, tolerance]: [&str; 3]) -> String {
        format!(
            "{column}: các hàng khu bầu cử cộng lại là {rows_sum}, hàng Total ghi {total} (sai số làm tròn cho phép ±{tolerance})"
        )
    }
    fn totals_summary(&self, columns: usize, precinct_rows: usize) -> String {
        format!(
            "{columns} cột của tổng số quận hạt khác với tổng của {precinct_rows} hàng khu bầu cử thuộc quận hạt đó"
        )
    }
    fn not_in_delegates_summary(&self) -> &'static str {
        "có trong bảng kết quả nhưng không có trong bảng đại biểu"
    }
    fn not_in_delegates_computation(
        &self,
        row: usize,
        place: &str,
        (county_key, precinct_key): (&str, &str),
        why: &str,
    ) -> String {
        format!("Hàng kết quả {row}: {place} (khóa ghép {county_key:?} / {precinct_key:?}); {why}.")
    }
    fn satellite_reason(&self) -> &'static str {
        "họp kín vệ tinh (satellite caucus): bảng đại biểu không ghi số đại biểu cấp quận hạt hay trọng số SDE cho nơi này, nên không thể kiểm tra số đại biểu của nó"
    }
    fn no_row_reason(&self) -> &'static str {
        "bảng đại biểu không có hàng nào mang tên quận hạt và khu bầu cử này, nên không thể kiểm tra số đại biểu của khu này"
    }
    fn no_results_summary(&self, delegates: u64) -> String {
        format!(
            "có trong bảng đại biểu ({delegates} đại biểu) nhưng không có kết quả nào được công bố cho khu này"
        )
    }
    fn no_results_computation(
        &self,
        (row, place): (usize, &str),
        delegates: u64,
        weight: Fixed,
        (county_key, precinct_key): (&str, &str),
    ) -> String {
        format!(
            "Hàng {row} của bảng đại biểu: {place} bầu {delegates} đại biểu (trọng số SDE {weight}); không có hàng kết quả nào có khóa ghép {county_key:?} / {precinct_key:?}."
        )
    }
    fn delegates_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("được liệt kê hai lần trong bảng đại biểu (hàng {earlier} và {row})")
    }
    fn delegates_row_line(&self, row: usize, delegates: u64, weight: Fixed) -> String {
        format!("Hàng {row} của bảng đại biểu: {delegates} đại biểu, trọng số SDE {weight}.")
    }
    fn first_row_used(&self) -> &'static str {
        "Hàng đầu tiên được sử dụng."
    }
    fn results_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("được liệt kê hai lần trong bảng kết quả (hàng {earlier} và {row})")
    }
    fn results_twice_computation(&self, earlier: usize, row: usize, place: &str) -> String {
        format!("Các hàng kết quả {earlier} và {row} đều ghi {place}.")
    }
    fn identical_summary(&self, other_place: &str, other_row: usize) -> String {
        format!(
            "số liệu công bố giống hệt {other_place} (hàng {other_row}): có thể cùng một dữ liệu đã bị nhập hai lần"
        )
    }
    fn identical_computation(
        &self,
        other_row: usize,
        row: usize,
        (first, final_): (&str, &str),
        sde: &str,
    ) -> String {
        format!(
            "Hàng {other_row} và hàng {row} có cùng lần bày tỏ thứ nhất ({first}), cùng lần bày tỏ cuối cùng ({final_}) và cùng SDE ({sde})."
        )
    }
    fn total_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("tổng số quận hạt được liệt kê hai lần (hàng {earlier} và {row})")
    }
    fn total_twice_computation(&self, earlier: usize, row: usize, county: &str) -> String {
        format!("Các hàng kết quả {earlier} và {row} đều là tổng số của {county}.")
    }
    fn coin_toss_note(&self, ties: &str, published: &str) -> String {
        format!("{ties}; đã công bố: {published}")
    }
}
