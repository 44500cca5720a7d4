//! Spanish words for every finding of the record's verification. A new reason does not compile
//! until it is worded here.

use castcheck_record::ballot::BallotError;
use castcheck_record::board::CheckpointProblem;
use castcheck_record::caucus::text::Wording;
use castcheck_record::merkle::{ConsistencyError, InclusionError};
use castcheck_record::names::NameProblem;
use castcheck_record::note::NoteError;
use castcheck_record::reason::{AreaCounts, IdKind};
use castcheck_record::seal::SealError;
use castcheck_record::tiles::TileError;
use castcheck_record::trustees::{DecryptionError, TrusteeError};
use castcheck_record::witness::WitnessProblem;
use castcheck_record::{ArchiveError, Failure, FetchProblem, Reason};

use super::Spanish;

/// One failure: where, and why.
pub fn failure(f: &Failure) -> String {
    let mut out = f.file.clone();
    if let Some(p) = &f.precinct {
        out += &format!(", distrito {p}");
    }
    if let Some(b) = f.ballot {
        out += &format!(", voto en la posición {b}");
    }
    format!("{out}: {}", reason(&f.reason))
}

/// Why a file could not be had.
pub fn fetch_problem(p: &FetchProblem) -> String {
    match p {
        FetchProblem::NotFound => "el archivo no existe".into(),
        FetchProblem::Status { status } => {
            format!("el servidor respondió con el estado {status}")
        }
        FetchProblem::TooLarge { limit } => {
            format!("el archivo supera los {limit} bytes que puede tener un archivo del registro")
        }
        FetchProblem::TimedOut { seconds } => {
            format!("el archivo no llegó en {seconds} segundos")
        }
        FetchProblem::Redirected => "el servidor respondió con una redirección".into(),
        // The browser's own words are technical and untranslated: leave them out.
        FetchProblem::Unreachable { .. } => "no se pudo descargar el archivo".into(),
    }
}

/// Why one item failed a check.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::Unavailable { problem } => fetch_problem(problem),
        Reason::FileTooLarge { size, limit } => format!(
            "el archivo tiene {size} bytes, más que los {limit} que puede tener un archivo de su tipo"
        ),
        Reason::Truncated { line, column } => {
            format!("el archivo está cortado (línea {line}, columna {column})")
        }
        Reason::NotJson { line, column } => {
            format!("el archivo no es JSON válido (línea {line}, columna {column})")
        }
        Reason::UnexpectedContents { line, column, .. } => format!(
            "el archivo no tiene el contenido esperado (línea {line}, columna {column})"
        ),
        Reason::WrongFormat { found, expected } => {
            format!("el formato es «{found}»; este verificador lee «{expected}»")
        }
        Reason::BadName { kind, id, problem } => {
            let problem = match problem {
                NameProblem::Invisible { code_point } => format!("contiene el carácter invisible o que cambia la dirección del texto U+{:04X}", code_point),
                NameProblem::TooLong { chars, max } => format!("tiene {} caracteres, más de los {} permitidos", chars, max),
                NameProblem::Confusable { other } => format!("se parece al nombre de la opción {} de la misma contienda", other),
            };
            let whose = match (kind, id.as_str()) {
                (Some(k), _) => format!("{} {id}", id_kind(*k)),
                (None, "title") => "título".to_owned(),
                (None, _) => "autoridad".to_owned(),
            };
            format!("el nombre de {} no se acepta: {}", whose, problem)
        }
        Reason::EmptyTitle => "el identificador y el título de la elección no pueden estar vacíos".into(),
        Reason::ContestCount { found, max } => {
            format!("{found} contiendas (se admiten de 1 a {max})")
        }
        Reason::OptionCount {
            contest,
            found,
            max,
        } => format!("la contienda «{contest}» tiene {found} opciones (se admiten de 1 a {max})"),
        Reason::InvalidId { kind, id } => format!(
            "el identificador de {} «{id}» no está hecho de minúsculas, dígitos y guiones",
            id_kind(*kind)
        ),
        Reason::DuplicateId { kind, id } => {
            format!("el identificador de {} «{id}» aparece dos veces", id_kind(*kind))
        }
        Reason::InvalidRules { contest, error } => {
            format!("contienda «{contest}»: {}", Spanish.rules_error(error))
        }
        Reason::NoPrecincts => "el manifiesto no incluye ningún distrito".into(),
        Reason::UnknownCounty { precinct, county } => {
            format!("el distrito «{precinct}» nombra un condado desconocido, «{county}»")
        }
        Reason::ClosesBeforeOpens => "la votación cierra antes de abrir".into(),
        Reason::InvalidAuthorityKey => {
            "la clave de firma de la autoridad no es una clave Ed25519 válida".into()
        }
        Reason::NotCanonical => "un valor no tiene codificación canónica".into(),
        Reason::Trustees { error } => trustee_error(error),
        Reason::Checkpoint { problem } => format!("el punto de control de la urna: {}", checkpoint_problem(problem)),
        Reason::Witness { problem } => witness_problem(problem),
        Reason::BoardTooLarge { size, max } => format!(
            "la cabecera final declara {size} votos, más de los {max} que acepta este verificador"
        ),
        Reason::BoardGap { from, to } => {
            format!("las posiciones {from} a {to} de la urna no tienen ningún voto publicado")
        }
        Reason::BeyondFinalHead { size } => {
            format!("hay votos publicados más allá de las {size} entradas de la cabecera final")
        }
        Reason::ShortOfFinalHead { size, published } => format!(
            "la cabecera final tiene {size} entradas, pero solo se publicaron las posiciones por debajo de {published}"
        ),
        Reason::RootMismatch => {
            "la raíz final no es la raíz de los votos publicados".into()
        }
        Reason::NotIncluded { error } => format!(
            "no está en la urna bajo la cabecera final ({})",
            inclusion_error(*error)
        ),
        Reason::NoInclusionProof { error } => format!("no se puede construir una prueba de inclusión con los mosaicos publicados ({})", tile_error(*error)),
        Reason::TileMismatch => "el archivo no es lo que forman los votos publicados".into(),
        Reason::InvalidBallot { error } => format!("el voto {}", ballot_error(error)),
        Reason::UnexpectedProofs => "el archivo de pruebas incluye pruebas para una posición que no tiene ningún voto del distrito, o dos veces".into(),
        Reason::TrackerClash { tracker } => {
            format!("el rastreador {tracker} aparece dos veces (una colisión)")
        }
        Reason::CopiedEncryption => "el voto copia el cifrado de otro".into(),
        Reason::WrongPrecinctFile { found } => {
            format!("el archivo es del distrito «{found}»")
        }
        Reason::BallotInWrongPrecinct { found } => {
            format!("el voto pertenece al distrito «{found}»")
        }
        Reason::PositionClash => "dos votos reclaman la misma posición en la urna".into(),
        Reason::PrecinctTwice => "el distrito se entregó dos veces".into(),
        Reason::PrecinctNotChecked => "el archivo del distrito no se verificó".into(),
        Reason::TallyContests => {
            "el recuento no lista las contiendas de la elección en orden".into()
        }
        Reason::TallyMalformed { contest } => {
            format!("contienda «{contest}»: el recuento cifrado está mal formado")
        }
        Reason::TallyNotSum { contest } => format!(
            "contienda «{contest}»: el recuento cifrado no es la suma de los votos del distrito"
        ),
        Reason::Decryption { contest, error } => {
            format!("contienda «{contest}»: {}", decryption_error(error))
        }
        Reason::VotesNotBallots {
            contest,
            votes,
            ballots,
        } => format!("contienda «{contest}»: {votes} votos contados de {ballots} boletas"),
        Reason::UnknownArea { area } => format!("{area}: no es un área de esta elección"),
        Reason::AreaTwice { area } => format!("{area}: aparece dos veces"),
        Reason::AreaMissing { area } => format!("{area}: falta en los totales"),
        Reason::AreaShape { area } => {
            format!("{area}: los totales no incluyen todas las contiendas y opciones")
        }
        Reason::TallyNotVerified { area } => format!(
            "{area}: el recuento del distrito no se verificó, así que su fila no está respaldada"
        ),
        Reason::DiffersFromTally { area } => format!(
            "{area}: los totales difieren del recuento verificado del distrito"
        ),
        Reason::SumMismatch {
            area,
            published,
            expected,
        } => format!(
            "{area}: se publicó {}; sus partes suman {}",
            area_counts(published),
            area_counts(expected)
        ),
        Reason::SumOverflow { area } => format!(
            "{area}: la suma de sus partes se desborda, así que los números no pueden ser reales"
        ),
        Reason::RulesFailed { contest, error } => format!(
            "contienda «{contest}»: las reglas no se pueden aplicar: {}",
            Spanish.rules_error(error)
        ),
        Reason::DelegatesMissing { contest } => format!(
            "contienda «{contest}»: las reglas otorgan delegados, pero no se publicó ninguno"
        ),
        Reason::DelegatesImpossible {
            contest,
            published,
            counts,
            allowed,
        } => {
            let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            format!(
                "contienda «{contest}»: los delegados {published:?} no pueden salir de los recuentos {counts:?}; las reglas dan {}",
                allowed.join(" o ")
            )
        }
        Reason::SdeMismatch { contest } => format!(
            "contienda «{contest}»: los equivalentes de delegados estatales no corresponden a los delegados"
        ),
        Reason::OpeningIncomplete => "la apertura no cubre todas las contiendas".into(),
        Reason::OpeningNotZeroOne { contest } => {
            format!("contienda «{contest}»: una opción se abrió con más de un voto")
        }
        Reason::ShardMislabelled { prefix } => format!("el fragmento dice ser «{prefix}»"),
        Reason::CodeInWrongShard { code } => {
            format!("el código {code} está en el fragmento equivocado")
        }
        Reason::CodeNotListed { code } => {
            format!("el código {code} no está bien listado")
        }
        Reason::CodePointsNowhere { code } => {
            format!("la entrada del código {code} no lleva a ningún voto")
        }
        Reason::IndexDuplicate => "un voto o una entrada del índice aparece dos veces".into(),
        Reason::IndexUnknownPrecinct { precinct } => {
            format!("la entrada nombra un distrito desconocido, «{precinct}»")
        }
        Reason::IndexWrongPrecinct => {
            "el índice envía este código a un distrito cuyo archivo no lo contiene".into()
        }
        Reason::IndexWrongPosition => "el índice da una posición equivocada en la urna".into(),
        Reason::NotCanonicalFile => "los bytes del archivo no son el JSON canónico de su contenido (¿se modificó después de escribirse?)".into(),
        Reason::Seal { error } => seal_error(*error).into(),
    }
}

fn id_kind(k: IdKind) -> &'static str {
    match k {
        IdKind::Contest => "contienda",
        IdKind::Option => "opción",
        IdKind::County => "condado",
        IdKind::Precinct => "distrito",
    }
}

fn area_counts(a: &AreaCounts) -> String {
    let mut out = format!("{} votos", a.ballots);
    for c in &a.contests {
        out += &format!(", {}={:?}", c.contest, c.counts);
    }
    out
}

fn checkpoint_problem(p: &CheckpointProblem) -> String {
    match p {
        CheckpointProblem::Malformed { error } => format!("no es un punto de control firmado ({})", note_error(*error)),
        CheckpointProblem::WrongOrigin { found } => format!("es de otro registro ({found})"),
        CheckpointProblem::Signature { error } => format!("la firma de la autoridad: {}", note_error(*error)),
        CheckpointProblem::NotFinal => "no cierra la urna: puede que la votación siga abierta o que se haya ocultado el punto de control final".into(),
        CheckpointProblem::FinalBeforeClose => "cierra la urna antes del cierre de la votación".into(),
    }
}

fn note_error(e: NoteError) -> &'static str {
    match e {
        NoteError::Malformed => "la nota firmada está mal formada",
        NoteError::BadSignatureLine => "una línea de firma de la nota está mal formada",
        NoteError::TooManySignatures => "la nota lleva demasiadas firmas",
        NoteError::BadKey => "la clave del verificador está mal formada",
        NoteError::BadSignature => "una firma de una clave de confianza no es válida",
        NoteError::Unsigned => "la nota no está firmada por la clave de confianza",
        NoteError::NotACheckpoint => "la nota no es un punto de control",
    }
}

fn witness_problem(p: &WitnessProblem) -> String {
    match p {
        WitnessProblem::NotWitnessed { cosigned, quorum } => format!("sin testigos: {cosigned} de las {quorum} cofirmas de testigos requeridas"),
        WitnessProblem::BadCosignature { witness } => format!("la cofirma del testigo {witness} no es válida"),
        WitnessProblem::BadPolicy => "la política de testigos de este verificador no se puede leer".into(),
        WitnessProblem::Rollback { .. } => "la urna es más pequeña que la verificada aquí antes: se hizo retroceder".into(),
        WitnessProblem::SplitView { .. } => "la urna tiene el tamaño de la verificada aquí antes pero otra raíz: la autoridad firmó dos urnas distintas".into(),
        WitnessProblem::AfterClose { .. } => "la urna es más grande que la urna cerrada verificada aquí antes: una urna cerrada es definitiva, así que se añadieron papeletas después del recuento".into(),
        WitnessProblem::NotExtension { error, .. } => format!("la urna no extiende la verificada aquí antes ({}): la autoridad firmó dos urnas distintas", consistency_error(*error)),
    }
}

fn tile_error(e: TileError) -> &'static str {
    match e {
        TileError::WrongLength => "un mosaico o la frontera tiene una longitud equivocada",
        TileError::Missing => "falta en los mosaicos un hash que la prueba necesita",
        TileError::FrontierMismatch => "la frontera no suma la raíz firmada",
    }
}

fn inclusion_error(e: InclusionError) -> &'static str {
    match e {
        InclusionError::IndexOutOfRange => "la posición está fuera del árbol",
        InclusionError::WrongLength => "la prueba tiene una longitud equivocada",
        InclusionError::RootMismatch => "la prueba lleva a otra raíz",
    }
}

fn consistency_error(e: ConsistencyError) -> &'static str {
    match e {
        ConsistencyError::OldLargerThanNew => "el árbol anterior es más grande que el nuevo",
        ConsistencyError::WrongLength => "la prueba tiene una longitud equivocada",
        ConsistencyError::OldRootMismatch => "la prueba no lleva a la raíz anterior",
        ConsistencyError::NewRootMismatch => "la prueba no lleva a la raíz nueva",
    }
}

fn ballot_error(e: &BallotError) -> String {
    match e {
        BallotError::WrongPrecinct { found } => format!("nombra el distrito «{found}»"),
        BallotError::WrongContests => "sus contiendas no son las de la elección".into(),
        BallotError::WrongCiphertextCount {
            contest,
            found,
            expected,
        } => format!(
            "la contienda «{contest}» tiene {found} textos cifrados para {expected} opciones"
        ),
        BallotError::Malformed { contest } => {
            format!("la contienda «{contest}» está mal formada")
        }
        BallotError::InvalidProof { contest } => {
            format!("la contienda «{contest}» tiene una prueba no válida")
        }
        BallotError::MissingProof => "no tiene pruebas en el archivo de pruebas".into(),
        BallotError::NoRandomness => "no se pudo comprobar: este dispositivo no dio los números aleatorios que la comprobación necesita".into(),
    }
}

fn trustee_error(e: &TrusteeError) -> String {
    match e {
        TrusteeError::BadThreshold {
            threshold,
            trustees,
        } => format!("un umbral de {threshold} es imposible con {trustees} custodios"),
        TrusteeError::MalformedKey { trustee } => {
            format!("la clave del custodio {trustee} está mal formada")
        }
        TrusteeError::InconsistentKeys => {
            "las partes de clave de los custodios no pertenecen a una misma clave".into()
        }
        TrusteeError::JointKeyMismatch => {
            "la clave conjunta publicada no es la que definen las partes de los custodios".into()
        }
        TrusteeError::BadProofOfPossession { trustee } => {
            format!("la prueba de posesión del custodio {trustee} no es válida")
        }
    }
}

fn decryption_error(e: &DecryptionError) -> String {
    match e {
        DecryptionError::TooFewTrustees { found, needed } => {
            format!("descifraron {found} custodios; se necesitan {needed}")
        }
        DecryptionError::BadTrustee { trustee } => {
            format!("el custodio número {trustee} es desconocido o aparece dos veces")
        }
        DecryptionError::WrongShareCount { trustee } => {
            format!("el custodio {trustee} dio un número equivocado de partes")
        }
        DecryptionError::InvalidShare { trustee, option } => format!(
            "la prueba de descifrado del custodio {trustee} para la opción {} no es válida",
            option + 1
        ),
        DecryptionError::WrongValueCount => {
            "el número de valores descifrados no corresponde a las opciones".into()
        }
        DecryptionError::WrongContest => "el descifrado está rotulado con otra contienda".into(),
        DecryptionError::ValueMismatch { option } => format!(
            "la opción {} se descifra a un valor distinto del publicado",
            option + 1
        ),
    }
}

fn seal_error(e: SealError) -> &'static str {
    match e {
        SealError::OtherHead => "el archivo está sellado para otra cabecera final",
        SealError::MalformedSignature => "la firma del sello está mal formada",
        SealError::BadSignature => "el sello no es la firma de la autoridad sobre este archivo",
    }
}

/// Why a record archive could not be read.
pub fn archive_error(e: &ArchiveError) -> String {
    match e {
        ArchiveError::UnknownFormat => "el archivo no es un archivo .tar ni .zip".into(),
        ArchiveError::Truncated => "el archivo está cortado".into(),
        ArchiveError::Malformed { entry } => format!("la entrada «{entry}» del archivo está mal formada"),
        ArchiveError::UnsupportedCompression { entry, method } => {
            format!("la entrada «{entry}» usa el método de compresión {method}; solo se leen «stored» y «deflate»")
        }
        ArchiveError::TooLarge { entry, limit } => format!("la entrada «{entry}» supera los {limit} bytes que puede tener un archivo del registro de su tipo"),
        ArchiveError::UnsafePath { entry } => format!("la entrada «{entry}» tiene una ruta peligrosa"),
        ArchiveError::Duplicate { entry } => format!("el archivo contiene «{entry}» dos veces"),
        ArchiveError::NoManifest => "el archivo no contiene manifest.json: no es un registro electoral".into(),
    }
}
