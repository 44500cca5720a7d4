//! Vietnamese words for every finding of the record's verification. A new reason does not compile
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

use super::Vietnamese;

/// One failure: where, and why.
pub fn failure(f: &Failure) -> String {
    let mut out = f.file.clone();
    if let Some(p) = &f.precinct {
        out += &format!(", khu bầu cử {p}");
    }
    if let Some(b) = f.ballot {
        out += &format!(", lá phiếu ở vị trí {b}");
    }
    format!("{out}: {}", reason(&f.reason))
}

/// Why a file could not be had.
pub fn fetch_problem(p: &FetchProblem) -> String {
    match p {
        FetchProblem::NotFound => "tệp không tồn tại".into(),
        FetchProblem::Status { status } => {
            format!("máy chủ trả lời với mã trạng thái {status}")
        }
        FetchProblem::TooLarge { limit } => {
            format!("tệp lớn hơn {limit} byte, mức tối đa cho một tệp hồ sơ")
        }
        FetchProblem::TimedOut { seconds } => {
            format!("tệp không tải về được trong vòng {seconds} giây")
        }
        FetchProblem::Redirected => "máy chủ trả lời bằng một lệnh chuyển hướng".into(),
        // The browser's own words are technical and untranslated: leave them out.
        FetchProblem::Unreachable { .. } => "không thể tải tệp".into(),
    }
}

/// Why one item failed a check.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::Unavailable { problem } => fetch_problem(problem),
        Reason::FileTooLarge { size, limit } => format!(
            "tệp có {size} byte, vượt quá {limit} byte, mức tối đa cho một tệp hồ sơ loại này"
        ),
        Reason::Truncated { line, column } => {
            format!("tệp bị cắt cụt (dòng {line}, cột {column})")
        }
        Reason::NotJson { line, column } => {
            format!("tệp không phải JSON hợp lệ (dòng {line}, cột {column})")
        }
        Reason::UnexpectedContents { line, column, .. } => format!(
            "tệp không có nội dung như mong đợi (dòng {line}, cột {column})"
        ),
        Reason::WrongFormat { found, expected } => {
            format!("định dạng là “{found}”; công cụ xác minh này đọc “{expected}”")
        }
        Reason::BadName { kind, id, problem } => {
            let problem = match problem {
                NameProblem::Invisible { code_point } => format!("chứa ký tự vô hình hoặc đổi hướng văn bản U+{:04X}", code_point),
                NameProblem::TooLong { chars, max } => format!("có {} ký tự, nhiều hơn {} ký tự cho phép", chars, max),
                NameProblem::Confusable { other } => format!("trông giống tên của lựa chọn {} trong cùng cuộc bầu", other),
            };
            let whose = match (kind, id.as_str()) {
                (Some(k), _) => format!("{} {id}", id_kind(*k)),
                (None, "title") => "tiêu đề".to_owned(),
                (None, _) => "cơ quan bầu cử".to_owned(),
            };
            format!("tên của {} bị từ chối: {}", whose, problem)
        }
        Reason::EmptyTitle => "mã định danh và tiêu đề của cuộc bầu cử không được để trống".into(),
        Reason::ContestCount { found, max } => {
            format!("{found} cuộc tranh cử (cho phép từ 1 đến {max})")
        }
        Reason::OptionCount {
            contest,
            found,
            max,
        } => format!("cuộc tranh cử “{contest}” có {found} lựa chọn (cho phép từ 1 đến {max})"),
        Reason::InvalidId { kind, id } => format!(
            "mã định danh {} “{id}” không chỉ gồm chữ thường, chữ số và dấu gạch ngang",
            id_kind(*kind)
        ),
        Reason::DuplicateId { kind, id } => {
            format!("mã định danh {} “{id}” xuất hiện hai lần", id_kind(*kind))
        }
        Reason::InvalidRules { contest, error } => {
            format!("cuộc tranh cử “{contest}”: {}", Vietnamese.rules_error(error))
        }
        Reason::NoPrecincts => "bản kê khai không liệt kê khu bầu cử nào".into(),
        Reason::UnknownCounty { precinct, county } => {
            format!("khu bầu cử “{precinct}” ghi một quận hạt không xác định, “{county}”")
        }
        Reason::ClosesBeforeOpens => "thời điểm đóng cuộc bỏ phiếu sớm hơn thời điểm mở".into(),
        Reason::InvalidAuthorityKey => {
            "khóa ký của cơ quan bầu cử không phải là khóa Ed25519 hợp lệ".into()
        }
        Reason::NotCanonical => "một giá trị không có dạng mã hóa chuẩn tắc".into(),
        Reason::Trustees { error } => trustee_error(error),
        Reason::Checkpoint { problem } => format!("điểm kiểm tra của hòm phiếu: {}", checkpoint_problem(problem)),
        Reason::Witness { problem } => witness_problem(problem),
        Reason::BoardTooLarge { size, max } => format!(
            "bản chốt cuối cùng khai {size} lá phiếu, nhiều hơn mức {max} mà công cụ xác minh này chấp nhận"
        ),
        Reason::BoardGap { from, to } => {
            format!("các vị trí từ {from} đến {to} trong thùng phiếu không có lá phiếu nào được công bố")
        }
        Reason::BeyondFinalHead { size } => {
            format!("có lá phiếu được công bố vượt quá {size} mục của bản chốt cuối cùng")
        }
        Reason::ShortOfFinalHead { size, published } => format!(
            "bản chốt cuối cùng có {size} mục nhưng chỉ các vị trí nhỏ hơn {published} được công bố"
        ),
        Reason::RootMismatch => {
            "gốc cuối cùng không phải là gốc của các lá phiếu đã công bố".into()
        }
        Reason::NotIncluded { error } => format!(
            "không có trong thùng phiếu theo bản chốt cuối cùng ({})",
            inclusion_error(*error)
        ),
        Reason::NoInclusionProof { error } => format!("không thể dựng bằng chứng có mặt từ các ô đã công bố ({})", tile_error(*error)),
        Reason::TileMismatch => "tệp này không khớp với những gì các lá phiếu đã công bố tạo ra".into(),
        Reason::InvalidBallot { error } => format!("lá phiếu {}", ballot_error(error)),
        Reason::UnexpectedProofs => "tệp bằng chứng có bằng chứng cho một vị trí không chứa lá phiếu nào của khu bầu cử, hoặc liệt kê một vị trí hai lần".into(),
        Reason::TrackerClash { tracker } => {
            format!("mã theo dõi {tracker} xuất hiện hai lần (trùng lặp)")
        }
        Reason::CopiedEncryption => "lá phiếu sao chép phần mã hóa của một lá phiếu khác".into(),
        Reason::WrongPrecinctFile { found } => {
            format!("tệp này thuộc khu bầu cử “{found}”")
        }
        Reason::BallotInWrongPrecinct { found } => {
            format!("lá phiếu thuộc khu bầu cử “{found}”")
        }
        Reason::PositionClash => "hai lá phiếu cùng nhận một vị trí trong thùng phiếu".into(),
        Reason::PrecinctTwice => "khu bầu cử được đưa vào hai lần".into(),
        Reason::PrecinctNotChecked => "tệp của khu bầu cử chưa được kiểm tra".into(),
        Reason::TallyContests => {
            "kết quả kiểm phiếu không liệt kê các cuộc tranh cử của cuộc bầu cử theo đúng thứ tự".into()
        }
        Reason::TallyMalformed { contest } => {
            format!("cuộc tranh cử “{contest}”: kết quả kiểm phiếu đã mã hóa bị sai định dạng")
        }
        Reason::TallyNotSum { contest } => format!(
            "cuộc tranh cử “{contest}”: kết quả kiểm phiếu đã mã hóa không phải là tổng các lá phiếu của khu bầu cử"
        ),
        Reason::Decryption { contest, error } => {
            format!("cuộc tranh cử “{contest}”: {}", decryption_error(error))
        }
        Reason::VotesNotBallots {
            contest,
            votes,
            ballots,
        } => format!("cuộc tranh cử “{contest}”: đếm được {votes} phiếu bầu từ {ballots} lá phiếu"),
        Reason::UnknownArea { area } => format!("{area}: không phải là khu vực của cuộc bầu cử này"),
        Reason::AreaTwice { area } => format!("{area}: được liệt kê hai lần"),
        Reason::AreaMissing { area } => format!("{area}: bị thiếu trong các tổng số"),
        Reason::AreaShape { area } => {
            format!("{area}: các tổng số không liệt kê đủ mọi cuộc tranh cử và lựa chọn")
        }
        Reason::TallyNotVerified { area } => format!(
            "{area}: kết quả kiểm phiếu của khu bầu cử chưa được xác minh, nên hàng số liệu của nó không có gì làm căn cứ"
        ),
        Reason::DiffersFromTally { area } => format!(
            "{area}: các tổng số khác với kết quả kiểm phiếu đã xác minh của khu bầu cử"
        ),
        Reason::SumMismatch {
            area,
            published,
            expected,
        } => format!(
            "{area}: công bố {}; các phần của nó cộng lại là {}",
            area_counts(published),
            area_counts(expected)
        ),
        Reason::SumOverflow { area } => format!(
            "{area}: tổng các phần của nó bị tràn số, nên các con số này không thể có thật"
        ),
        Reason::RulesFailed { contest, error } => format!(
            "cuộc tranh cử “{contest}”: không thể áp dụng quy tắc: {}",
            Vietnamese.rules_error(error)
        ),
        Reason::DelegatesMissing { contest } => format!(
            "cuộc tranh cử “{contest}”: quy tắc có phân bổ đại biểu nhưng không có đại biểu nào được công bố"
        ),
        Reason::DelegatesImpossible {
            contest,
            published,
            counts,
            allowed,
        } => {
            let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            format!(
                "cuộc tranh cử “{contest}”: số đại biểu {published:?} không thể có được từ số phiếu {counts:?}; quy tắc cho ra {}",
                allowed.join(" hoặc ")
            )
        }
        Reason::SdeMismatch { contest } => format!(
            "cuộc tranh cử “{contest}”: số đại biểu tương đương cấp tiểu bang không khớp với số đại biểu"
        ),
        Reason::OpeningIncomplete => "phần mở phiếu không bao gồm mọi cuộc tranh cử".into(),
        Reason::OpeningNotZeroOne { contest } => {
            format!("cuộc tranh cử “{contest}”: một lựa chọn được mở ra với hơn một phiếu bầu")
        }
        Reason::ShardMislabelled { prefix } => format!("phân đoạn tự ghi là “{prefix}”"),
        Reason::CodeInWrongShard { code } => {
            format!("mã {code} nằm sai phân đoạn")
        }
        Reason::CodeNotListed { code } => {
            format!("mã {code} không được liệt kê đúng")
        }
        Reason::CodePointsNowhere { code } => {
            format!("mục của mã {code} không dẫn đến lá phiếu nào như vậy")
        }
        Reason::IndexDuplicate => "một lá phiếu hoặc một mục chỉ mục xuất hiện hai lần".into(),
        Reason::IndexUnknownPrecinct { precinct } => {
            format!("mục này ghi một khu bầu cử không xác định, “{precinct}”")
        }
        Reason::IndexWrongPrecinct => {
            "chỉ mục dẫn mã này đến một khu bầu cử mà tệp của khu đó không chứa mã này".into()
        }
        Reason::IndexWrongPosition => "chỉ mục ghi sai vị trí trong thùng phiếu".into(),
        Reason::NotCanonicalFile => "các byte của tệp không phải là JSON chuẩn tắc của nội dung tệp (tệp bị sửa đổi sau khi được ghi?)".into(),
        Reason::Seal { error } => seal_error(*error).into(),
    }
}

fn id_kind(k: IdKind) -> &'static str {
    match k {
        IdKind::Contest => "cuộc tranh cử",
        IdKind::Option => "lựa chọn",
        IdKind::County => "quận hạt",
        IdKind::Precinct => "khu bầu cử",
    }
}

fn area_counts(a: &AreaCounts) -> String {
    let mut out = format!("{} lá phiếu", a.ballots);
    for c in &a.contests {
        out += &format!(", {}={:?}", c.contest, c.counts);
    }
    out
}

fn checkpoint_problem(p: &CheckpointProblem) -> String {
    match p {
        CheckpointProblem::Malformed { error } => format!("đây không phải là điểm kiểm tra đã ký ({})", note_error(*error)),
        CheckpointProblem::WrongOrigin { found } => format!("nó thuộc về một nhật ký khác ({found})"),
        CheckpointProblem::Signature { error } => format!("chữ ký của cơ quan bầu cử: {}", note_error(*error)),
        CheckpointProblem::NotFinal => "nó không đóng hòm phiếu: có thể cuộc bỏ phiếu vẫn đang mở hoặc điểm kiểm tra cuối cùng đã bị giữ lại".into(),
        CheckpointProblem::FinalBeforeClose => "nó đóng hòm phiếu trước khi cuộc bỏ phiếu kết thúc".into(),
    }
}

fn note_error(e: NoteError) -> &'static str {
    match e {
        NoteError::Malformed => "ghi chú đã ký bị sai định dạng",
        NoteError::BadSignatureLine => "một dòng chữ ký của ghi chú bị sai định dạng",
        NoteError::TooManySignatures => "ghi chú mang quá nhiều chữ ký",
        NoteError::BadKey => "khóa của bên kiểm chứng bị sai định dạng",
        NoteError::BadSignature => "một chữ ký từ khóa tin cậy không hợp lệ",
        NoteError::Unsigned => "ghi chú không được ký bằng khóa tin cậy",
        NoteError::NotACheckpoint => "ghi chú không phải là điểm kiểm tra",
    }
}

fn witness_problem(p: &WitnessProblem) -> String {
    match p {
        WitnessProblem::NotWitnessed { cosigned, quorum } => format!("chưa được chứng kiến: {cosigned} trên {quorum} chữ ký đồng xác nhận cần có của nhân chứng"),
        WitnessProblem::BadCosignature { witness } => format!("chữ ký đồng xác nhận của nhân chứng {witness} không hợp lệ"),
        WitnessProblem::BadPolicy => "không đọc được chính sách nhân chứng của bên kiểm chứng này".into(),
        WitnessProblem::Rollback { .. } => "hòm phiếu nhỏ hơn hòm đã được kiểm chứng ở đây trước đó: nó đã bị quay lui".into(),
        WitnessProblem::SplitView { .. } => "hòm phiếu có cùng kích thước với hòm đã kiểm chứng ở đây trước đó nhưng gốc khác: cơ quan bầu cử đã ký hai hòm phiếu khác nhau".into(),
        WitnessProblem::AfterClose { .. } => "hòm phiếu lớn hơn hòm phiếu đã đóng được kiểm chứng ở đây trước đó: hòm đã đóng là cuối cùng, nên phiếu đã được thêm vào sau khi kiểm phiếu".into(),
        WitnessProblem::NotExtension { error, .. } => format!("hòm phiếu không nối tiếp hòm đã kiểm chứng ở đây trước đó ({}): cơ quan bầu cử đã ký hai hòm phiếu khác nhau", consistency_error(*error)),
    }
}

fn tile_error(e: TileError) -> &'static str {
    match e {
        TileError::WrongLength => "một ô hoặc đường biên có độ dài sai",
        TileError::Missing => "thiếu trong các ô một giá trị băm mà bằng chứng cần",
        TileError::FrontierMismatch => "đường biên không cộng lại thành gốc đã ký",
    }
}

fn inclusion_error(e: InclusionError) -> &'static str {
    match e {
        InclusionError::IndexOutOfRange => "vị trí nằm ngoài cây",
        InclusionError::WrongLength => "bằng chứng có độ dài sai",
        InclusionError::RootMismatch => "bằng chứng dẫn đến một gốc khác",
    }
}

fn consistency_error(e: ConsistencyError) -> &'static str {
    match e {
        ConsistencyError::OldLargerThanNew => "cây cũ lớn hơn cây mới",
        ConsistencyError::WrongLength => "bằng chứng có độ dài sai",
        ConsistencyError::OldRootMismatch => "bằng chứng không dẫn đến gốc cũ",
        ConsistencyError::NewRootMismatch => "bằng chứng không dẫn đến gốc mới",
    }
}

fn ballot_error(e: &BallotError) -> String {
    match e {
        BallotError::WrongPrecinct { found } => format!("ghi khu bầu cử “{found}”"),
        BallotError::WrongContests => "có các cuộc tranh cử không phải của cuộc bầu cử này".into(),
        BallotError::WrongCiphertextCount {
            contest,
            found,
            expected,
        } => format!("có cuộc tranh cử “{contest}” với {found} bản mã cho {expected} lựa chọn"),
        BallotError::Malformed { contest } => {
            format!("có cuộc tranh cử “{contest}” bị sai định dạng")
        }
        BallotError::InvalidProof { contest } => {
            format!("có cuộc tranh cử “{contest}” với bằng chứng không hợp lệ")
        }
        BallotError::MissingProof => "không có bằng chứng trong tệp bằng chứng".into(),
        BallotError::NoRandomness => {
            "không thể kiểm tra: thiết bị này không cung cấp các số ngẫu nhiên mà việc kiểm tra cần"
                .into()
        }
    }
}

fn trustee_error(e: &TrusteeError) -> String {
    match e {
        TrusteeError::BadThreshold {
            threshold,
            trustees,
        } => format!("ngưỡng {threshold} là không thể với {trustees} người giữ khóa"),
        TrusteeError::MalformedKey { trustee } => {
            format!("khóa của người giữ khóa {trustee} bị sai định dạng")
        }
        TrusteeError::InconsistentKeys => {
            "các phần khóa của những người giữ khóa không thuộc về cùng một khóa chung".into()
        }
        TrusteeError::JointKeyMismatch => {
            "khóa chung đã công bố không phải là khóa do các phần khóa của những người giữ khóa xác định".into()
        }
        TrusteeError::BadProofOfPossession { trustee } => {
            format!("bằng chứng sở hữu của người giữ khóa {trustee} không hợp lệ")
        }
    }
}

fn decryption_error(e: &DecryptionError) -> String {
    match e {
        DecryptionError::TooFewTrustees { found, needed } => {
            format!("{found} người giữ khóa đã giải mã; cần {needed} người")
        }
        DecryptionError::BadTrustee { trustee } => {
            format!("người giữ khóa số {trustee} không xác định hoặc xuất hiện hai lần")
        }
        DecryptionError::WrongShareCount { trustee } => {
            format!("người giữ khóa {trustee} đưa ra số phần giải mã không đúng")
        }
        DecryptionError::InvalidShare { trustee, option } => format!(
            "bằng chứng giải mã của người giữ khóa {trustee} cho lựa chọn {} không hợp lệ",
            option + 1
        ),
        DecryptionError::WrongValueCount => {
            "số giá trị được giải mã không khớp với số lựa chọn".into()
        }
        DecryptionError::WrongContest => {
            "phần giải mã được ghi nhãn cho một cuộc tranh cử khác".into()
        }
        DecryptionError::ValueMismatch { option } => format!(
            "lựa chọn {} giải mã ra một giá trị khác với giá trị đã công bố",
            option + 1
        ),
    }
}

fn seal_error(e: SealError) -> &'static str {
    match e {
        SealError::OtherHead => "tệp được niêm phong cho một bản chốt cuối cùng khác",
        SealError::MalformedSignature => "chữ ký của dấu niêm phong bị sai định dạng",
        SealError::BadSignature => {
            "dấu niêm phong không phải là chữ ký của cơ quan bầu cử trên tệp này"
        }
    }
}

/// Why a record archive could not be read.
pub fn archive_error(e: &ArchiveError) -> String {
    match e {
        ArchiveError::UnknownFormat => "tệp này không phải là tệp nén .tar hay .zip".into(),
        ArchiveError::Truncated => "tệp nén bị cắt ngắn".into(),
        ArchiveError::Malformed { entry } => {
            format!("mục “{entry}” trong tệp nén bị sai định dạng")
        }
        ArchiveError::UnsupportedCompression { entry, method } => {
            format!(
                "mục “{entry}” dùng phương pháp nén {method}; chỉ đọc được “stored” và “deflate”"
            )
        }
        ArchiveError::TooLarge { entry, limit } => {
            format!("mục “{entry}” lớn hơn {limit} byte mà một tệp hồ sơ loại này được phép có")
        }
        ArchiveError::UnsafePath { entry } => {
            format!("mục “{entry}” có đường dẫn không an toàn")
        }
        ArchiveError::Duplicate { entry } => format!("tệp nén chứa “{entry}” hai lần"),
        ArchiveError::NoManifest => {
            "tệp nén không chứa manifest.json: đây không phải là hồ sơ bầu cử".into()
        }
    }
}
