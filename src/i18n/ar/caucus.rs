//! Arabic words for the results-table audit: its findings, the rules' errors and the tables'
//! problems. The sentence structure is the core's ([`text`](castcheck_record::caucus::text)).
//!
//! Counts of delegates are written "{n} من المندوبين" ("n of the delegates"), which reads
//! correctly for every number, so no plural helper is needed.

use castcheck_record::caucus::allocate::{AllocationNote, Step, ViabilityRule};
use castcheck_record::caucus::audit::{FindingKind, Reading};
use castcheck_record::caucus::csv::CsvProblem;
use castcheck_record::caucus::table::{Section, TableColumn, TableError, TableKind, TableProblem};
use castcheck_record::caucus::text::Wording;
use castcheck_record::caucus::{Fixed, NumberError, RulesError};

use super::Arabic;

/// Why a results or delegates table could not be read.
pub fn table_error(e: &TableError) -> String {
    let table = match e.table {
        TableKind::Results => "جدول النتائج",
        TableKind::Delegates => "جدول المندوبين",
    };
    format!(
        "{table}، الصف {}، العمود {}: {}",
        e.row,
        e.column,
        table_problem(&e.problem)
    )
}

/// A column: header labels as the table spells them; a candidate's section in Arabic.
fn column_name(c: &TableColumn) -> String {
    match c {
        TableColumn::Candidate { name, section } => {
            format!("{name} ({})", Arabic.section(*section))
        }
        TableColumn::County
        | TableColumn::Precinct
        | TableColumn::CountyDelegates
        | TableColumn::PrecinctSde => c.to_string(),
    }
}

fn number_error(e: &NumberError) -> String {
    match e {
        NumberError::Empty => "كان متوقَّعًا رقم، لكن الحقل فارغ".into(),
        NumberError::NotANumber { text } => format!("كان متوقَّعًا رقم، لكن وُجد {text:?}"),
        NumberError::TooLarge { text } => format!("الرقم كبير جدًا: {text:?}"),
        NumberError::TooManyDecimals { text, max } => {
            format!("المسموح {max} من المنازل العشرية على الأكثر: {text:?}")
        }
        NumberError::ZeroDenominator { text } => format!("مقام يساوي صفرًا في {text:?}"),
    }
}

fn table_problem(p: &TableProblem) -> String {
    match p {
        TableProblem::Csv { problem } => match problem {
            CsvProblem::QuoteInUnquotedField => {
                "علامة اقتباس مزدوجة داخل حقل غير محاط بعلامات اقتباس (ضع الحقل كله بين علامتي اقتباس)".into()
            }
            CsvProblem::TextAfterClosingQuote { found } => {
                format!("النص {found:?} بعد علامة الاقتباس الختامية لحقل محاط بعلامات اقتباس")
            }
            CsvProblem::UnclosedQuote => "حقل محاط بعلامات اقتباس لا يُغلَق أبدًا".into(),
        },
        TableProblem::MissingHeaderRows => {
            "كان متوقَّعًا ثلاثة صفوف للعناوين (القسم، المرشح، County/Precinct)".into()
        }
        TableProblem::HeaderWidth { expected, found } => format!(
            "يجب أن يتساوى عدد الحقول في صفوف العناوين: المتوقَّع {expected}، والموجود {found}"
        ),
        TableProblem::NotCountyPrecinct { expected, found } => format!(
            "يجب أن يبدأ صف العناوين الثالث بـ County,Precinct؛ المتوقَّع {expected}، والموجود {found:?}"
        ),
        TableProblem::UnknownSection { found } => format!(
            "قسم غير معروف {found:?} (المتوقَّع First Expression أو Final Expression أو SDE)"
        ),
        TableProblem::SectionTwice { section } => {
            format!("القسم {:?} يظهر مرتين", section.title())
        }
        TableProblem::SectionOrder => {
            "كان متوقَّعًا الأقسام First Expression ثم Final Expression ثم SDE بهذا الترتيب".into()
        }
        TableProblem::EmptyCandidate => "اسم مرشح فارغ".into(),
        TableProblem::CandidateTwice { name } => format!("المرشح {name:?} مذكور مرتين"),
        TableProblem::SectionWidth {
            section,
            found,
            expected,
        } => format!(
            "عدد أعمدة القسم {:?} هو {found}، لكن عدد أعمدة First Expression هو {expected}",
            section.title()
        ),
        TableProblem::CandidateMismatch {
            section,
            found,
            expected,
        } => format!(
            "المرشح {found:?} في القسم {:?} لا يطابق {expected:?} الموجود في الموضع نفسه في First Expression",
            section.title()
        ),
        TableProblem::FieldCount { expected, found } => {
            format!("عدد الحقول المتوقَّع {expected}، والموجود {found}")
        }
        TableProblem::EmptyCounty => "اسم مقاطعة فارغ".into(),
        TableProblem::EmptyPrecinct => "اسم دائرة انتخابية فارغ".into(),
        TableProblem::NotWhole { column, error } => {
            let column = column_name(column);
            match error {
                NumberError::Empty => {
                    format!("{column}: كان متوقَّعًا عدد صحيح، لكن الحقل فارغ")
                }
                NumberError::NotANumber { text } => {
                    format!("{column}: كان متوقَّعًا عدد صحيح، لكن وُجد {text:?}")
                }
                other => format!("{column}: {}", number_error(other)),
            }
        }
        TableProblem::NotDecimal { column, error } => {
            format!("{}: {}", column_name(column), number_error(error))
        }
        TableProblem::NoHeader => "الجدول فارغ: كان متوقَّعًا صف عناوين".into(),
        TableProblem::MissingColumn { column } => {
            format!("لا يحتوي صف العناوين على العمود {:?}", column_name(column))
        }
    }
}

impl Wording for Arabic {
    fn option(&self, n: usize) -> String {
        format!("الخيار {n}")
    }
    fn nobody(&self) -> &'static str {
        "لا أحد"
    }
    fn no_delegates(&self) -> &'static str {
        "لا مندوبين"
    }
    fn none(&self) -> &'static str {
        "لا شيء"
    }
    fn and(&self) -> &'static str {
        " و"
    }
    fn or(&self) -> &'static str {
        " أو "
    }
    fn too_large(&self) -> &'static str {
        "رقم أكبر من أن يُحسَب"
    }

    fn kind_meaning(&self, kind: FindingKind) -> &'static str {
        match kind {
            FindingKind::NonviableAwarded => {
                "مجموعة أصغر من عتبة الأهلية في التعبير النهائي مُنحت مندوبين"
            }
            FindingKind::WrongDelegateCount => {
                "المندوبون الممنوحون (المستنتَجون من قيم SDE المنشورة) ليسوا ما تعطيه القواعد للتعبير النهائي المنشور"
            }
            FindingKind::SdeMismatch => {
                "قيمة منشورة لمكافئات مندوبي الولاية (SDE) لا تساوي عددًا صحيحًا من مندوبي الدائرة الانتخابية (وزن SDE ÷ عدد المندوبين)"
            }
            FindingKind::FinalExceedsFirst => {
                "عُدَّ في التعبير النهائي أشخاص أكثر مما عُدَّ في التعبير الأول"
            }
            FindingKind::TotalsMismatch => {
                "مجموع منشور لإحدى المقاطعات لا يساوي مجموع صفوف دوائرها الانتخابية"
            }
            FindingKind::MissingPrecinct => {
                "دائرة انتخابية موجودة في أحد الجدولين دون الآخر، لذا يتعذَّر فحص مندوبيها"
            }
            FindingKind::DuplicatePrecinct => {
                "دائرة انتخابية مذكورة مرتين، أو دائرتان انتخابيتان تحملان أرقامًا منشورة متطابقة"
            }
        }
    }

    fn reading(&self, reading: Reading) -> &'static str {
        match reading {
            Reading::Viability => "المشاركون = مجموع التعبير الأول؛ عتبة الأهلية = (المشاركون × 25%) مقرَّبًا لأعلى عند وجود مندوبَين، و(المشاركون ÷ 6) مقرَّبًا لأعلى عند وجود 3 مندوبين، و(المشاركون × 15%) مقرَّبًا لأعلى عند وجود 4 مندوبين أو أكثر؛ الدوائر الانتخابية ذات المندوب الواحد لا عتبة لها، وتفوز فيها أكبر مجموعة في التعبير النهائي.",
            Reading::DelegateFormula => "صيغة المندوبين: العدد النهائي × عدد المندوبين ÷ مشاركي التعبير الأول، مقرَّبًا إلى أقرب عدد صحيح (0.5 يُقرَّب لأعلى)؛ إذا كان المجموع أقل من اللازم يُضاف مندوب لصاحب أكبر باقٍ عشري، وإذا كان أكثر يُنزَع مندوب من صاحب أصغر كسر عشري قُرِّب لأعلى، دون أن يُنزَع أبدًا المندوب الوحيد لمجموعة؛ ويُحسَم التعادل التام بالقرعة وتُقبَل كل نتيجة ممكنة.",
            Reading::SdeWorkBack => "يُستنتَج عدد مندوبي كل مجموعة من قيم SDE المنشورة: يجب أن يكون ناتج SDE ÷ (وزن SDE للدائرة الانتخابية ÷ عدد مندوبي الدائرة) عددًا صحيحًا بهامش 0.0001 SDE.",
            Reading::CountyTotals => "مجاميع المقاطعات: يجب أن يتطابق مجموع أعداد الأشخاص تمامًا؛ أما مجاميع SDE فبهامش 0.00005 × (عدد الصفوف + 1) بسبب التقريب إلى 4 منازل عشرية.",
            Reading::NameJoin => "تُطابَق الأسماء بعد فك ترميز كيانات HTML، وتحويل الأحرف إلى أحرف صغيرة، وحذف كل ما عدا الحروف والأرقام.",
        }
    }

    fn rules_error(&self, error: &RulesError) -> String {
        match error {
            RulesError::ViabilityOver100 { percent } => {
                format!("عتبة أهلية قدرها {percent}% مستحيلة")
            }
            RulesError::NeedsSingleChoice => {
                "قواعد المؤتمر الحزبي تتطلب منافسة باختيار واحد".into()
            }
            RulesError::LengthMismatch { first, final_ } => format!(
                "عدد الخيارات في التعبير الأول {first}، لكنه في التعبير النهائي {final_}"
            ),
            RulesError::TooManyOutcomes { tied, chosen } => format!(
                "القرعة التي تختار {chosen} من بين {tied} من الخيارات المتعادلة لها نتائج ممكنة أكثر من أن تُسرَد"
            ),
            RulesError::CountsTooLarge => format!(
                "مجموع الأعداد يتجاوز {}، وهو أكبر عدد يحسب به castcheck",
                u64::MAX
            ),
            RulesError::QuotaTooLarge { count, delegates } => format!(
                "العدد {count} مضروبًا في {delegates} من المندوبين أكبر من أن يُحسَب"
            ),
            RulesError::DelegatesTooLarge { delegates } => {
                format!("عدد المندوبين {delegates} أكبر من أن يُحسَب")
            }
            RulesError::RoundedTooFar { rounded, delegates } => format!(
                "يعطي التقريب {rounded} من المندوبين بينما يُنتخَب {delegates}: الأعداد تفوق عدد المشاركين بكثير، لذا يتعذَّر تطبيق القواعد"
            ),
        }
    }

    fn section(&self, section: Section) -> &'static str {
        match section {
            Section::First => "التعبير الأول",
            Section::Final => "التعبير النهائي",
            Section::Sde => "SDE",
        }
    }

    fn viability_rule(&self, rule: &ViabilityRule) -> String {
        match rule {
            ViabilityRule::WinnerTakesAll => "لا عتبة (الفائز يأخذ كل شيء)".into(),
            ViabilityRule::PercentOfCounted { percent } => {
                format!("{percent}% من كل من عُدّوا")
            }
            ViabilityRule::IowaBySize { delegates } => match delegates {
                0 => "لا مندوبين للانتخاب",
                1 => "مندوب واحد: لا عتبة أهلية، وتفوز المجموعة الأكبر",
                2 => "مندوبان: 25% من المشاركين",
                3 => "ثلاثة مندوبين: سدس المشاركين",
                _ => "أربعة مندوبين أو أكثر: 15% من المشاركين",
            }
            .into(),
        }
    }
    fn viability_threshold(&self, rule: &str, participants: u64, threshold: u64) -> String {
        format!("عتبة الأهلية ({rule}): عدد المشاركين {participants}، إذن {threshold} على الأقل.")
    }
    fn viability_without_threshold(&self, rule: &str) -> String {
        format!("عتبة الأهلية: {rule}.")
    }
    fn not_viable(&self) -> &'static str {
        " (غير مؤهَّل)"
    }
    fn counts_line(&self, list: Option<&str>) -> String {
        match list {
            Some(l) => format!("الأعداد: {l}."),
            None => "الأعداد: لم يُعَدّ أحد.".into(),
        }
    }
    fn formula_line(&self, delegates: u64, base: u64, quotas: &str, sum: u64) -> String {
        format!(
            "صيغة المندوبين (العدد × {delegates} من المندوبين ÷ {base}): {quotas}؛ المجموع {sum}."
        )
    }
    fn adjustment(&self, who: &str, step: Step) -> String {
        let verb = match step {
            Step::AddToLargestRemainder => "يحصل على مندوب إضافي (أكبر باقٍ)",
            Step::RemoveFromMostRoundedUp => "يخسر مندوبًا (أصغر كسر عشري قُرِّب لأعلى)",
            Step::RemoveOnlyDelegate => "يخسر مندوبه الوحيد (المجموعات المؤهَّلة أكثر من المندوبين)",
            Step::LargestGroup => "يأخذ المندوبين بوصفه المجموعة الأكبر",
        };
        format!("تعديل: {who} {verb}.")
    }
    fn tie_note(&self, who: &str, step: Step, chosen: u64) -> String {
        let what = match step {
            Step::AddToLargestRemainder => {
                format!("متعادلون في أكبر باقٍ؛ ويحصل {chosen} منهم على مندوب بالقرعة")
            }
            Step::RemoveFromMostRoundedUp | Step::RemoveOnlyDelegate => {
                format!("متعادلون في أصغر كسر عشري؛ ويخسر {chosen} منهم مندوبًا بالقرعة")
            }
            Step::LargestGroup => {
                "متعادلون بوصفهم المجموعة الأكبر؛ ويذهب المندوبون إلى أحدهم بالقرعة".into()
            }
        };
        format!("قرعة: {who} {what}؛ وتُقبَل كل نتيجة ممكنة")
    }
    fn allocation_note(&self, note: &AllocationNote) -> String {
        let text = match note {
            AllocationNote::NobodyCounted { delegates } => {
                format!("لم يُعَدّ أحد: بقي {delegates} من المندوبين دون توزيع.")
            }
            AllocationNote::NoParticipants { delegates } => {
                format!("لا يوجد ما يُقسَم عليه (لا مشاركين): بقي {delegates} من المندوبين دون توزيع.")
            }
            AllocationNote::NoViableOption { delegates } => {
                format!("لا يوجد خيار مؤهَّل: بقي {delegates} من المندوبين دون توزيع.")
            }
            AllocationNote::NoAdjustmentPossible => {
                "لا يمكن تعديل أي خيار؛ تُركت النتيجة كما هي بعد التقريب.".into()
            }
        };
        format!("ملحوظة: {text}")
    }
    fn rules_give(&self, outcome: &str) -> String {
        format!("تعطي القواعد: {outcome}.")
    }
    fn rules_allow(&self, outcomes: &str) -> String {
        format!("تسمح القواعد (بالقرعة) بما يلي: {outcomes}.")
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
            "{place}: تنتخب {delegates} من مندوبي المقاطعة؛ وزن SDE للدائرة الانتخابية {weight}، أي أن المندوب الواحد = {per} SDE.\nالتعبير الأول: {first} = {first_total} من المشاركين."
        )
    }
    fn sde_figure_not_whole(&self, name: &str, sdes: [&str; 4], nearest: u64) -> String {
        let [published, per, quotient, nearest_sde] = sdes;
        format!(
            "{name}: القيمة المنشورة {published} SDE ÷ {per} = {quotient} من المندوبين، وهذا ليس عددًا صحيحًا (أقرب عدد صحيح، {nearest}، يعادل {nearest_sde} SDE)"
        )
    }
    fn undefined(&self) -> &'static str {
        "غير معرَّف"
    }
    fn sde_figure_too_large(&self, name: &str, published: Fixed) -> String {
        format!(
            "{name}: تعذَّر تحويل القيمة المنشورة {} SDE إلى مندوبين: الأرقام كبيرة جدًا",
            published.display(4)
        )
    }
    fn sde_summary(&self, figures: usize) -> String {
        format!("{figures} من قيم SDE المنشورة لا تساوي عددًا صحيحًا من المندوبين")
    }
    fn delegate_check_skipped(&self) -> &'static str {
        "لا يُجرى فحص المندوبين لهذه الدائرة الانتخابية."
    }
    fn rules_not_applicable(&self, error: &str) -> String {
        format!("يتعذَّر تطبيق القواعد: {error}")
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
            "قيم SDE المنشورة محوَّلة إلى مندوبين: {worked}، أي {published} ({awarded} من المندوبين إجمالًا؛ والدائرة الانتخابية تنتخب {elects})."
        )
    }
    fn nonviable_item(&self, name: &str, delegates: u64, why: &str) -> String {
        format!("{name} ({delegates} من المندوبين؛ {why})")
    }
    fn below_threshold(&self, count: u64, threshold: u64) -> String {
        format!("{count} في التعبير النهائي، والعتبة {threshold}")
    }
    fn nobody_in_final(&self) -> &'static str {
        "لا أحد في التعبير النهائي"
    }
    fn nonviable_summary(&self, who: &str, rules_give: &str) -> String {
        format!("غير مؤهَّل لكنه مُنح مندوبين: {who}؛ القواعد تعطي {rules_give}")
    }
    fn wrong_summary(&self, published: &str, rules_give: &str) -> String {
        format!("المنشور {published}؛ القواعد تعطي {rules_give}")
    }
    fn wrong_total_summary(
        &self,
        awarded: u128,
        elects: u64,
        published: &str,
        rules_give: &str,
    ) -> String {
        format!(
            "مُنح {awarded} من المندوبين بينما تنتخب الدائرة الانتخابية {elects}: المنشور {published}؛ القواعد تعطي {rules_give}"
        )
    }
    fn final_exceeds_summary(&self, first_total: u128, final_total: u128, excess: u128) -> String {
        format!(
            "عدد الأشخاص في التعبير النهائي {final_total}، وفي التعبير الأول {first_total} (+{excess})"
        )
    }
    fn final_exceeds_computation(
        &self,
        (first, first_total): (&str, u128),
        (final_, final_total): (&str, u128),
        excess: u128,
    ) -> String {
        format!(
            "التعبير الأول: {first} = {first_total}.\nالتعبير النهائي: {final_} = {final_total}.\nلا يمكن لأحد أن ينضم بين التعبيرين، لذا لا يمكن أن يتجاوز المجموع النهائي المجموع الأول؛ لكنه يتجاوزه بمقدار {excess}."
        )
    }
    fn total_count_diff(&self, column: &str, rows_sum: u64, total: u64, diff: i128) -> String {
        format!(
            "{column}: مجموع صفوف الدوائر الانتخابية {rows_sum}، وصف Total يذكر {total} ({diff:+})"
        )
    }
    fn total_count_overflow(&self, column: &str, total: u64) -> String {
        format!(
            "{column}: مجموع صفوف الدوائر الانتخابية يتجاوز {}، وصف Total يذكر {total}",
            u64::MAX
        )
    }
    fn total_sde_diff(&self, column: &str, [rows_sum, total, tolerance]: [&str; 3]) -> String {
        format!(
            "{column}: مجموع صفوف الدوائر الانتخابية {rows_sum}، وصف Total يذكر {total} (هامش التقريب المسموح ±{tolerance})"
        )
    }
    fn totals_summary(&self, columns: usize, precinct_rows: usize) -> String {
        format!(
            "{columns} من أعمدة مجموع المقاطعة تختلف عن مجموع صفوف دوائرها الانتخابية (وعددها {precinct_rows})"
        )
    }
    fn not_in_delegates_summary(&self) -> &'static str {
        "موجودة في جدول النتائج لكنها غير موجودة في جدول المندوبين"
    }
    fn not_in_delegates_computation(
        &self,
        row: usize,
        place: &str,
        (county_key, precinct_key): (&str, &str),
        why: &str,
    ) -> String {
        format!("صف النتائج {row}: {place} (مفتاح الربط {county_key:?} / {precinct_key:?})؛ {why}.")
    }
    fn satellite_reason(&self) -> &'static str {
        "مؤتمر حزبي تابع (satellite caucus): لا يذكر جدول المندوبين له مندوبي مقاطعة ولا وزن SDE، لذا يتعذَّر فحص مندوبيه"
    }
    fn no_row_reason(&self) -> &'static str {
        "لا يوجد في جدول المندوبين صف بهذه المقاطعة وهذا الاسم للدائرة الانتخابية، لذا يتعذَّر فحص مندوبيها"
    }
    fn no_results_summary(&self, delegates: u64) -> String {
        format!("موجودة في جدول المندوبين ({delegates} من المندوبين) لكن لم تُنشَر نتائج لها")
    }
    fn no_results_computation(
        &self,
        (row, place): (usize, &str),
        delegates: u64,
        weight: Fixed,
        (county_key, precinct_key): (&str, &str),
    ) -> String {
        format!(
            "صف جدول المندوبين {row}: {place} تنتخب {delegates} من المندوبين (وزن SDE {weight})؛ لا يوجد صف نتائج بمفتاح الربط {county_key:?} / {precinct_key:?}."
        )
    }
    fn delegates_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("مذكورة مرتين في جدول المندوبين (الصفان {earlier} و{row})")
    }
    fn delegates_row_line(&self, row: usize, delegates: u64, weight: Fixed) -> String {
        format!("صف جدول المندوبين {row}: {delegates} من المندوبين، وزن SDE {weight}.")
    }
    fn first_row_used(&self) -> &'static str {
        "يُستخدَم الصف الأول."
    }
    fn results_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("مذكورة مرتين في جدول النتائج (الصفان {earlier} و{row})")
    }
    fn results_twice_computation(&self, earlier: usize, row: usize, place: &str) -> String {
        format!("صفّا النتائج {earlier} و{row} يذكران كلاهما {place}.")
    }
    fn identical_summary(&self, other_place: &str, other_row: usize) -> String {
        format!(
            "أرقام منشورة مطابقة لأرقام {other_place} (الصف {other_row}): على الأرجح أُدخلت البيانات نفسها مرتين"
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
            "للصفين {other_row} و{row} التعبير الأول نفسه ({first})، والتعبير النهائي نفسه ({final_})، وقيم SDE نفسها ({sde})."
        )
    }
    fn total_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("مجموع مقاطعة مذكور مرتين (الصفان {earlier} و{row})")
    }
    fn total_twice_computation(&self, earlier: usize, row: usize, county: &str) -> String {
        format!("صفّا النتائج {earlier} و{row} كلاهما مجموع لمقاطعة {county}.")
    }
    fn coin_toss_note(&self, ties: &str, published: &str) -> String {
        format!("{ties}؛ المنشور: {published}")
    }
}
