//! Arabic words for the results-table audit: its findings, the rules' errors and the tables'
//! problems. The sentence structure is the core's ([`text`](castcheck_record::caucus::text)).

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
        TableKind::Results => "tabla de resultados",
        TableKind::Delegates => "tabla de delegados",
    };
    format!(
        "{table}, fila {}, columna {}: {}",
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
        NumberError::Empty => "se esperaba un número y el campo está vacío".into(),
        NumberError::NotANumber { text } => format!("se esperaba un número y se encontró {text:?}"),
        NumberError::TooLarge { text } => format!("número demasiado grande: {text:?}"),
        NumberError::TooManyDecimals { text, max } => {
            format!("como mucho {max} decimales: {text:?}")
        }
        NumberError::ZeroDenominator { text } => format!("denominador cero en {text:?}"),
    }
}

fn table_problem(p: &TableProblem) -> String {
    match p {
        TableProblem::Csv { problem } => match problem {
            CsvProblem::QuoteInUnquotedField => {
                "comillas dobles dentro de un campo sin comillas (ponga todo el campo entre comillas)".into()
            }
            CsvProblem::TextAfterClosingQuote { found } => {
                format!("texto {found:?} tras las comillas de cierre de un campo entre comillas")
            }
            CsvProblem::UnclosedQuote => "un campo entre comillas no se cierra nunca".into(),
        },
        TableProblem::MissingHeaderRows => {
            "se esperaban tres filas de encabezado (sección, candidato, County/Precinct)".into()
        }
        TableProblem::HeaderWidth { expected, found } => format!(
            "las filas de encabezado deben tener el mismo número de campos: se esperaban {expected}, hay {found}"
        ),
        TableProblem::NotCountyPrecinct { expected, found } => format!(
            "la tercera fila de encabezado debe empezar por County,Precinct; se esperaba {expected} y se encontró {found:?}"
        ),
        TableProblem::UnknownSection { found } => format!(
            "sección desconocida {found:?} (se esperaba First Expression, Final Expression o SDE)"
        ),
        TableProblem::SectionTwice { section } => {
            format!("la sección {:?} aparece dos veces", section.title())
        }
        TableProblem::SectionOrder => {
            "se esperaban las secciones First Expression, Final Expression y SDE, en ese orden".into()
        }
        TableProblem::EmptyCandidate => "nombre de candidato vacío".into(),
        TableProblem::CandidateTwice { name } => format!("el candidato {name:?} aparece dos veces"),
        TableProblem::SectionWidth {
            section,
            found,
            expected,
        } => format!(
            "la sección {:?} tiene {found} columnas pero First Expression tiene {expected}",
            section.title()
        ),
        TableProblem::CandidateMismatch {
            section,
            found,
            expected,
        } => format!(
            "el candidato {found:?} de la sección {:?} no coincide con {expected:?}, en la misma posición en First Expression",
            section.title()
        ),
        TableProblem::FieldCount { expected, found } => {
            format!("se esperaban {expected} campos, hay {found}")
        }
        TableProblem::EmptyCounty => "nombre de condado vacío".into(),
        TableProblem::EmptyPrecinct => "nombre de distrito vacío".into(),
        TableProblem::NotWhole { column, error } => {
            let column = column_name(column);
            match error {
                NumberError::Empty => {
                    format!("{column}: se esperaba un número entero y el campo está vacío")
                }
                NumberError::NotANumber { text } => {
                    format!("{column}: se esperaba un número entero y se encontró {text:?}")
                }
                other => format!("{column}: {}", number_error(other)),
            }
        }
        TableProblem::NotDecimal { column, error } => {
            format!("{}: {}", column_name(column), number_error(error))
        }
        TableProblem::NoHeader => "tabla vacía: se esperaba una fila de encabezado".into(),
        TableProblem::MissingColumn { column } => {
            format!("el encabezado no tiene la columna {:?}", column_name(column))
        }
    }
}

fn plural_n(n: u64) -> &'static str {
    if n == 1 {
        ""
    } else {
        "n"
    }
}

impl Wording for Arabic {
    fn option(&self, n: usize) -> String {
        format!("opción {n}")
    }
    fn nobody(&self) -> &'static str {
        "nadie"
    }
    fn no_delegates(&self) -> &'static str {
        "ningún delegado"
    }
    fn none(&self) -> &'static str {
        "ninguno"
    }
    fn and(&self) -> &'static str {
        " y "
    }
    fn or(&self) -> &'static str {
        " o "
    }
    fn too_large(&self) -> &'static str {
        "un número demasiado grande para calcular"
    }

    fn kind_meaning(&self, kind: FindingKind) -> &'static str {
        match kind {
            FindingKind::NonviableAwarded => {
                "un grupo demasiado pequeño para ser viable en el alineamiento final recibió delegados"
            }
            FindingKind::WrongDelegateCount => {
                "los delegados asignados (deducidos de los SDE publicados) no son los que dan las reglas para el alineamiento final publicado"
            }
            FindingKind::SdeMismatch => {
                "un SDE publicado no es un número entero de delegados del distrito (peso SDE ÷ delegados)"
            }
            FindingKind::FinalExceedsFirst => {
                "se contaron más personas en el alineamiento final que en el primero"
            }
            FindingKind::TotalsMismatch => {
                "un total de condado publicado no es la suma de las filas de sus distritos"
            }
            FindingKind::MissingPrecinct => {
                "un distrito está en una tabla pero no en la otra, así que no se pueden comprobar sus delegados"
            }
            FindingKind::DuplicatePrecinct => {
                "un distrito aparece dos veces, o dos distritos tienen números publicados idénticos"
            }
        }
    }

    fn reading(&self, reading: Reading) -> &'static str {
        match reading {
            Reading::Viability => "Participantes = el total del primer alineamiento; umbral de viabilidad = techo(participantes × 25 %) con 2 delegados, techo(participantes ÷ 6) con 3, techo(participantes × 15 %) con 4 o más; los distritos de un delegado no tienen umbral y gana el grupo final más grande.",
            Reading::DelegateFormula => "Fórmula de delegados: recuento final × delegados ÷ participantes del primer alineamiento, redondeado al más cercano (.5 hacia arriba); si faltan, uno más al mayor resto decimal; si sobran, uno menos al decimal más bajo redondeado hacia arriba, nunca el único delegado de un grupo; los empates exactos se deciden por sorteo y se acepta cada resultado.",
            Reading::SdeWorkBack => "Los delegados de cada grupo se deducen de los SDE publicados: SDE ÷ (peso SDE del distrito ÷ delegados del distrito) debe ser entero con un margen de 0.0001 SDE.",
            Reading::CountyTotals => "Totales de condado: los recuentos de personas deben sumar exactamente; los totales de SDE, con un margen de 0.00005 × (filas + 1) por el redondeo a 4 decimales.",
            Reading::NameJoin => "Los nombres se emparejan tras decodificar los escapes HTML, pasar a minúsculas y quitar todo lo que no sean letras y dígitos.",
        }
    }

    fn rules_error(&self, error: &RulesError) -> String {
        match error {
            RulesError::ViabilityOver100 { percent } => {
                format!("un umbral de viabilidad del {percent} % es imposible")
            }
            RulesError::NeedsSingleChoice => {
                "las reglas de caucus necesitan una contienda de opción única".into()
            }
            RulesError::LengthMismatch { first, final_ } => format!(
                "el primer alineamiento tiene {first} opciones pero el final tiene {final_}"
            ),
            RulesError::TooManyOutcomes { tied, chosen } => format!(
                "un sorteo que elige {chosen} de {tied} opciones empatadas tiene demasiados resultados para listarlos"
            ),
            RulesError::CountsTooLarge => format!(
                "los recuentos suman más de {}, el mayor número con el que calcula castcheck",
                u64::MAX
            ),
            RulesError::QuotaTooLarge { count, delegates } => format!(
                "un recuento de {count} por {delegates} delegados es demasiado grande para calcular"
            ),
            RulesError::DelegatesTooLarge { delegates } => {
                format!("{delegates} delegados son demasiados para calcular")
            }
            RulesError::RoundedTooFar { rounded, delegates } => format!(
                "el redondeo da {rounded} delegados donde se eligen {delegates}: los recuentos superan con mucho a los participantes, así que las reglas no se pueden aplicar"
            ),
        }
    }

    fn section(&self, section: Section) -> &'static str {
        match section {
            Section::First => "Primer alineamiento",
            Section::Final => "Alineamiento final",
            Section::Sde => "SDE",
        }
    }

    fn viability_rule(&self, rule: &ViabilityRule) -> String {
        match rule {
            ViabilityRule::WinnerTakesAll => "ninguno (el ganador se lo lleva todo)".into(),
            ViabilityRule::PercentOfCounted { percent } => {
                format!("{percent} % de todo lo contado")
            }
            ViabilityRule::IowaBySize { delegates } => match delegates {
                0 => "no hay delegados que elegir",
                1 => "un delegado: sin umbral de viabilidad, gana el grupo más grande",
                2 => "dos delegados: 25 % de los participantes",
                3 => "tres delegados: un sexto de los participantes",
                _ => "cuatro o más delegados: 15 % de los participantes",
            }
            .into(),
        }
    }
    fn viability_threshold(&self, rule: &str, participants: u64, threshold: u64) -> String {
        format!("Viabilidad ({rule}): {participants} participantes → al menos {threshold}.")
    }
    fn viability_without_threshold(&self, rule: &str) -> String {
        format!("Viabilidad: {rule}.")
    }
    fn not_viable(&self) -> &'static str {
        " (no viable)"
    }
    fn counts_line(&self, list: Option<&str>) -> String {
        match list {
            Some(l) => format!("Recuentos: {l}."),
            None => "Recuentos: no se contó a nadie.".into(),
        }
    }
    fn formula_line(&self, delegates: u64, base: u64, quotas: &str, sum: u64) -> String {
        format!(
            "Fórmula de delegados (recuento × {delegates} delegados ÷ {base}): {quotas}; suma {sum}."
        )
    }
    fn adjustment(&self, who: &str, step: Step) -> String {
        let verb = match step {
            Step::AddToLargestRemainder => "gana un delegado (mayor resto)",
            Step::RemoveFromMostRoundedUp => {
                "pierde un delegado (decimal más bajo redondeado hacia arriba)"
            }
            Step::RemoveOnlyDelegate => {
                "pierde su único delegado (más grupos viables que delegados)"
            }
            Step::LargestGroup => "se lleva los delegados como grupo más grande",
        };
        format!("Ajuste: {who} {verb}.")
    }
    fn tie_note(&self, who: &str, step: Step, chosen: u64) -> String {
        let what = match step {
            Step::AddToLargestRemainder => format!(
                "empatan en el mayor resto; {chosen} de ellos gana{} un delegado por sorteo",
                plural_n(chosen)
            ),
            Step::RemoveFromMostRoundedUp | Step::RemoveOnlyDelegate => format!(
                "empatan en el decimal más bajo; {chosen} de ellos pierde{} un delegado por sorteo",
                plural_n(chosen)
            ),
            Step::LargestGroup => {
                "empatan como grupo más grande; los delegados van a uno por sorteo".into()
            }
        };
        format!("sorteo: {who} {what}; se acepta cada resultado")
    }
    fn allocation_note(&self, note: &AllocationNote) -> String {
        let text = match note {
            AllocationNote::NobodyCounted { delegates } => {
                format!("no se contó a nadie: {delegates} delegado(s) sin asignar.")
            }
            AllocationNote::NoParticipants { delegates } => format!(
                "no hay entre qué dividir (ningún participante): {delegates} delegado(s) sin asignar."
            ),
            AllocationNote::NoViableOption { delegates } => {
                format!("ninguna opción es viable: {delegates} delegado(s) sin asignar.")
            }
            AllocationNote::NoAdjustmentPossible => {
                "no se puede ajustar ninguna opción; el resultado queda como se redondeó.".into()
            }
        };
        format!("Nota: {text}")
    }
    fn rules_give(&self, outcome: &str) -> String {
        format!("Las reglas dan: {outcome}.")
    }
    fn rules_allow(&self, outcomes: &str) -> String {
        format!("Las reglas permiten (por sorteo): {outcomes}.")
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
            "{place}: elige {delegates} delegado(s) de condado; peso SDE del distrito {weight} → un delegado = {per} SDE.\nPrimer alineamiento: {first} = {first_total} participantes."
        )
    }
    fn sde_figure_not_whole(&self, name: &str, sdes: [&str; 4], nearest: u64) -> String {
        let [published, per, quotient, nearest_sde] = sdes;
        format!(
            "{name}: {published} SDE publicados ÷ {per} = {quotient} delegados, no es un número entero (el entero más cercano, {nearest}, serían {nearest_sde} SDE)"
        )
    }
    fn undefined(&self) -> &'static str {
        "indefinido"
    }
    fn sde_figure_too_large(&self, name: &str, published: Fixed) -> String {
        format!(
            "{name}: {} SDE publicados no se pueden convertir en delegados: los números son demasiado grandes",
            published.display(4)
        )
    }
    fn sde_summary(&self, figures: usize) -> String {
        format!("{figures} cifra(s) de SDE publicadas no son un número entero de delegados")
    }
    fn delegate_check_skipped(&self) -> &'static str {
        "No se comprueban los delegados de este distrito."
    }
    fn rules_not_applicable(&self, error: &str) -> String {
        format!("las reglas no se pueden aplicar: {error}")
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
            "SDE publicados convertidos en delegados: {worked} → {published} ({awarded} delegado(s) en total; el distrito elige {elects})."
        )
    }
    fn nonviable_item(&self, name: &str, delegates: u64, why: &str) -> String {
        format!("{name} ({delegates} delegado(s); {why})")
    }
    fn below_threshold(&self, count: u64, threshold: u64) -> String {
        format!("{count} en el alineamiento final, umbral {threshold}")
    }
    fn nobody_in_final(&self) -> &'static str {
        "nadie en el alineamiento final"
    }
    fn nonviable_summary(&self, who: &str, rules_give: &str) -> String {
        format!("no viable pero con delegados: {who}; las reglas dan {rules_give}")
    }
    fn wrong_summary(&self, published: &str, rules_give: &str) -> String {
        format!("publicado {published}; las reglas dan {rules_give}")
    }
    fn wrong_total_summary(
        &self,
        awarded: u128,
        elects: u64,
        published: &str,
        rules_give: &str,
    ) -> String {
        format!(
            "{awarded} delegado(s) asignados donde el distrito elige {elects}: publicado {published}; las reglas dan {rules_give}"
        )
    }
    fn final_exceeds_summary(&self, first_total: u128, final_total: u128, excess: u128) -> String {
        format!(
            "el alineamiento final cuenta {final_total} personas, el primero {first_total} (+{excess})"
        )
    }
    fn final_exceeds_computation(
        &self,
        (first, first_total): (&str, u128),
        (final_, final_total): (&str, u128),
        excess: u128,
    ) -> String {
        format!(
            "Primer alineamiento: {first} = {first_total}.\nAlineamiento final: {final_} = {final_total}.\nNadie puede unirse entre los alineamientos, así que el total final no puede superar al primero; lo supera en {excess}."
        )
    }
    fn total_count_diff(&self, column: &str, rows_sum: u64, total: u64, diff: i128) -> String {
        format!(
            "{column}: las filas de distrito suman {rows_sum}, la fila Total dice {total} ({diff:+})"
        )
    }
    fn total_count_overflow(&self, column: &str, total: u64) -> String {
        format!(
            "{column}: las filas de distrito suman más de {}, la fila Total dice {total}",
            u64::MAX
        )
    }
    fn total_sde_diff(&self, column: &str, [rows_sum, total, tolerance]: [&str; 3]) -> String {
        format!(
            "{column}: las filas de distrito suman {rows_sum}, la fila Total dice {total} (redondeo admitido ±{tolerance})"
        )
    }
    fn totals_summary(&self, columns: usize, precinct_rows: usize) -> String {
        format!(
            "{columns} columna(s) del total de condado difieren de la suma de sus {precinct_rows} filas de distrito"
        )
    }
    fn not_in_delegates_summary(&self) -> &'static str {
        "está en la tabla de resultados pero no en la de delegados"
    }
    fn not_in_delegates_computation(
        &self,
        row: usize,
        place: &str,
        (county_key, precinct_key): (&str, &str),
        why: &str,
    ) -> String {
        format!(
            "Fila de resultados {row}: {place} (clave {county_key:?} / {precinct_key:?}); {why}."
        )
    }
    fn satellite_reason(&self) -> &'static str {
        "caucus satélite: la tabla de delegados no le asigna delegados de condado ni peso SDE, así que no se pueden comprobar sus delegados"
    }
    fn no_row_reason(&self) -> &'static str {
        "ninguna fila de la tabla de delegados tiene este condado y distrito, así que no se pueden comprobar sus delegados"
    }
    fn no_results_summary(&self, delegates: u64) -> String {
        format!(
            "está en la tabla de delegados ({delegates} delegados) pero no se publicaron resultados suyos"
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
            "Fila {row} de la tabla de delegados: {place} elige {delegates} delegados (peso SDE {weight}); ninguna fila de resultados tiene la clave {county_key:?} / {precinct_key:?}."
        )
    }
    fn delegates_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("aparece dos veces en la tabla de delegados (filas {earlier} y {row})")
    }
    fn delegates_row_line(&self, row: usize, delegates: u64, weight: Fixed) -> String {
        format!("Fila {row} de la tabla de delegados: {delegates} delegados, peso SDE {weight}.")
    }
    fn first_row_used(&self) -> &'static str {
        "Se usa la primera fila."
    }
    fn results_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("aparece dos veces en la tabla de resultados (filas {earlier} y {row})")
    }
    fn results_twice_computation(&self, earlier: usize, row: usize, place: &str) -> String {
        format!("Las filas de resultados {earlier} y {row} nombran las dos {place}.")
    }
    fn identical_summary(&self, other_place: &str, other_row: usize) -> String {
        format!(
            "números publicados idénticos a los de {other_place} (fila {other_row}): probablemente los mismos datos introducidos dos veces"
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
            "Las filas {other_row} y {row} tienen el mismo primer alineamiento ({first}), el mismo alineamiento final ({final_}) y los mismos SDE ({sde})."
        )
    }
    fn total_twice_summary(&self, earlier: usize, row: usize) -> String {
        format!("total de condado que aparece dos veces (filas {earlier} y {row})")
    }
    fn total_twice_computation(&self, earlier: usize, row: usize, county: &str) -> String {
        format!("Las filas de resultados {earlier} y {row} son las dos totales de {county}.")
    }
    fn coin_toss_note(&self, ties: &str, published: &str) -> String {
        format!("{ties}; publicado: {published}")
    }
}
