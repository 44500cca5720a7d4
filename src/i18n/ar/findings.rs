//! Arabic words for every finding of the record's verification. A new reason does not compile
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

use super::Arabic;

/// One failure: where, and why.
pub fn failure(f: &Failure) -> String {
    let mut out = f.file.clone();
    if let Some(p) = &f.precinct {
        out += &format!("، الدائرة الانتخابية {p}");
    }
    if let Some(b) = f.ballot {
        out += &format!("، ورقة الاقتراع في الموضع {b}");
    }
    format!("{out}: {}", reason(&f.reason))
}

/// Why a file could not be had.
pub fn fetch_problem(p: &FetchProblem) -> String {
    match p {
        FetchProblem::NotFound => "الملف غير موجود".into(),
        FetchProblem::Status { status } => {
            format!("ردَّ الخادم برمز الحالة {status}")
        }
        FetchProblem::TooLarge { limit } => {
            format!("حجم الملف يتجاوز الحد الأقصى لملف السجل، وهو {limit} بايت")
        }
        FetchProblem::TimedOut { seconds } => {
            format!("لم يصل الملف خلال {seconds} ثانية")
        }
        FetchProblem::Redirected => "ردَّ الخادم بإعادة توجيه".into(),
        // The browser's own words are technical and untranslated: leave them out.
        FetchProblem::Unreachable { .. } => "تعذَّر تنزيل الملف".into(),
    }
}

/// Why one item failed a check.
pub fn reason(r: &Reason) -> String {
    match r {
        Reason::Unavailable { problem } => fetch_problem(problem),
        Reason::FileTooLarge { size, limit } => format!(
            "حجم الملف {size} بايت، وهذا أكثر من الحد المسموح به لملف سجل من نوعه ({limit} بايت)"
        ),
        Reason::Truncated { line, column } => {
            format!("الملف مبتور (السطر {line}، العمود {column})")
        }
        Reason::NotJson { line, column } => {
            format!("الملف ليس JSON صالحًا (السطر {line}، العمود {column})")
        }
        Reason::UnexpectedContents { line, column, .. } => format!(
            "الملف لا يحتوي على المحتوى المتوقَّع (السطر {line}، العمود {column})"
        ),
        Reason::WrongFormat { found, expected } => {
            format!("الصيغة هي «{found}»، وأداة التحقق هذه تقرأ «{expected}»")
        }
        Reason::BadName { kind, id, problem } => {
            let problem = match problem {
                NameProblem::Invisible { code_point } => format!("يحتوي على الحرف غير المرئي أو المغيّر لاتجاه النص U+{:04X}", code_point),
                NameProblem::TooLong { chars, max } => format!("يتكون من {} حرفًا، أكثر من {} المسموح بها", chars, max),
                NameProblem::Confusable { other } => format!("يشبه اسم الخيار {} في المنافسة نفسها", other),
            };
            let whose = match (kind, id.as_str()) {
                (Some(k), _) => format!("{} {id}", id_kind(*k)),
                (None, "title") => "العنوان".to_owned(),
                (None, _) => "السلطة".to_owned(),
            };
            format!("اسم {} مرفوض: {}", whose, problem)
        }
        Reason::EmptyTitle => "لا يجوز أن يكون معرِّف الانتخابات وعنوانها فارغين".into(),
        Reason::ContestCount { found, max } => {
            format!("عدد المنافسات {found} (المسموح من 1 إلى {max})")
        }
        Reason::OptionCount {
            contest,
            found,
            max,
        } => format!("عدد خيارات المنافسة «{contest}» هو {found} (المسموح من 1 إلى {max})"),
        Reason::InvalidId { kind, id } => format!(
            "معرِّف {} «{id}» لا يقتصر على الأحرف اللاتينية الصغيرة والأرقام والشرطات",
            id_kind(*kind)
        ),
        Reason::DuplicateId { kind, id } => {
            format!("معرِّف {} «{id}» يظهر مرتين", id_kind(*kind))
        }
        Reason::InvalidRules { contest, error } => {
            format!("المنافسة «{contest}»: {}", Arabic.rules_error(error))
        }
        Reason::NoPrecincts => "لا يتضمن بيان الانتخابات أي دائرة انتخابية".into(),
        Reason::UnknownCounty { precinct, county } => {
            format!("الدائرة الانتخابية «{precinct}» تذكر مقاطعة غير معروفة، «{county}»")
        }
        Reason::ClosesBeforeOpens => "موعد انتهاء التصويت يسبق موعد بدئه".into(),
        Reason::InvalidAuthorityKey => {
            "مفتاح التوقيع الخاص بالسلطة الانتخابية ليس مفتاح Ed25519 صالحًا".into()
        }
        Reason::NotCanonical => "إحدى القيم ليس لها ترميز قياسي".into(),
        Reason::Trustees { error } => trustee_error(error),
        Reason::Checkpoint { problem } => format!("نقطة التحقق الخاصة بصندوق الاقتراع: {}", checkpoint_problem(problem)),
        Reason::Witness { problem } => witness_problem(problem),
        Reason::BoardTooLarge { size, max } => format!(
            "يذكر الرأس النهائي أن عدد أوراق الاقتراع {size}، وهذا أكثر من الحد الذي تقبله أداة التحقق هذه ({max})"
        ),
        Reason::BoardGap { from, to } => {
            format!("المواضع من {from} إلى {to} في صندوق الاقتراع لا تحوي أي ورقة اقتراع منشورة")
        }
        Reason::BeyondFinalHead { size } => {
            format!("توجد أوراق اقتراع منشورة خارج المدخلات التي يضمها الرأس النهائي (وعددها {size})")
        }
        Reason::ShortOfFinalHead { size, published } => format!(
            "عدد مدخلات الرأس النهائي {size}، لكن لم تُنشَر إلا المواضع الأصغر من {published}"
        ),
        Reason::RootMismatch => {
            "الجذر النهائي ليس جذر أوراق الاقتراع المنشورة".into()
        }
        Reason::NotIncluded { error } => format!(
            "ليست في صندوق الاقتراع تحت الرأس النهائي ({})",
            inclusion_error(*error)
        ),
        Reason::NoInclusionProof { error } => format!("لا يمكن بناء إثبات تضمين من البلاطات المنشورة ({})", tile_error(*error)),
        Reason::TileMismatch => "الملف ليس ما تُنتجه بطاقات الاقتراع المنشورة".into(),
        Reason::InvalidBallot { error } => format!("ورقة الاقتراع غير سليمة: {}", ballot_error(error)),
        Reason::UnexpectedProofs => "ملف الإثباتات يذكر إثباتات لموضع لا توجد فيه ورقة اقتراع من هذه الدائرة، أو يذكر موضعًا مرتين".into(),
        Reason::TrackerClash { tracker } => {
            format!("رمز التتبُّع {tracker} يظهر مرتين (تصادم)")
        }
        Reason::CopiedEncryption => "ورقة الاقتراع تنسخ تشفير ورقة أخرى".into(),
        Reason::WrongPrecinctFile { found } => {
            format!("الملف يخص الدائرة الانتخابية «{found}»")
        }
        Reason::BallotInWrongPrecinct { found } => {
            format!("ورقة الاقتراع تنتمي إلى الدائرة الانتخابية «{found}»")
        }
        Reason::PositionClash => "ورقتا اقتراع تدَّعيان الموضع نفسه في صندوق الاقتراع".into(),
        Reason::PrecinctTwice => "قُدِّمت الدائرة الانتخابية مرتين".into(),
        Reason::PrecinctNotChecked => "لم يُفحَص ملف الدائرة الانتخابية".into(),
        Reason::TallyContests => {
            "الحصيلة لا تسرد منافسات الانتخابات بترتيبها".into()
        }
        Reason::TallyMalformed { contest } => {
            format!("المنافسة «{contest}»: الحصيلة المشفَّرة غير سليمة الصيغة")
        }
        Reason::TallyNotSum { contest } => format!(
            "المنافسة «{contest}»: الحصيلة المشفَّرة ليست مجموع أوراق الاقتراع في الدائرة الانتخابية"
        ),
        Reason::Decryption { contest, error } => {
            format!("المنافسة «{contest}»: {}", decryption_error(error))
        }
        Reason::VotesNotBallots {
            contest,
            votes,
            ballots,
        } => format!(
            "المنافسة «{contest}»: عدد الأصوات المحتسبة {votes}، وعدد أوراق الاقتراع {ballots}"
        ),
        Reason::UnknownArea { area } => format!("{area}: ليست منطقة في هذه الانتخابات"),
        Reason::AreaTwice { area } => format!("{area}: مذكورة مرتين"),
        Reason::AreaMissing { area } => format!("{area}: مفقودة من المجاميع"),
        Reason::AreaShape { area } => {
            format!("{area}: المجاميع لا تسرد كل المنافسات والخيارات")
        }
        Reason::TallyNotVerified { area } => format!(
            "{area}: لم يُتحقَّق من حصيلة الدائرة الانتخابية، لذا لا يستند صفُّها إلى أي شيء"
        ),
        Reason::DiffersFromTally { area } => format!(
            "{area}: المجاميع تختلف عن حصيلة الدائرة الانتخابية التي تم التحقق منها"
        ),
        Reason::SumMismatch {
            area,
            published,
            expected,
        } => format!(
            "{area}: القيم المنشورة ({})، بينما مجموع أجزائها ({})",
            area_counts(published),
            area_counts(expected)
        ),
        Reason::SumOverflow { area } => format!(
            "{area}: جمع أجزائها يتجاوز السعة الحسابية، لذا لا يمكن أن تكون الأرقام حقيقية"
        ),
        Reason::RulesFailed { contest, error } => format!(
            "المنافسة «{contest}»: يتعذَّر تطبيق القواعد: {}",
            Arabic.rules_error(error)
        ),
        Reason::DelegatesMissing { contest } => format!(
            "المنافسة «{contest}»: تمنح القواعد مندوبين، لكن لم يُنشَر أي منهم"
        ),
        Reason::DelegatesImpossible {
            contest,
            published,
            counts,
            allowed,
        } => {
            let allowed: Vec<String> = allowed.iter().map(|a| format!("{a:?}")).collect();
            format!(
                "المنافسة «{contest}»: لا يمكن أن ينتج المندوبون {published:?} عن الأعداد {counts:?}؛ القواعد تعطي {}",
                allowed.join(" أو ")
            )
        }
        Reason::SdeMismatch { contest } => format!(
            "المنافسة «{contest}»: مكافئات مندوبي الولاية لا تطابق المندوبين"
        ),
        Reason::OpeningIncomplete => "فتح ورقة الاقتراع لا يشمل كل المنافسات".into(),
        Reason::OpeningNotZeroOne { contest } => {
            format!("المنافسة «{contest}»: فُتح أحد الخيارات على أكثر من صوت واحد")
        }
        Reason::ShardMislabelled { prefix } => format!("جزء الفهرس يعرِّف نفسه بأنه «{prefix}»"),
        Reason::CodeInWrongShard { code } => {
            format!("الرمز {code} في جزء الفهرس الخطأ")
        }
        Reason::CodeNotListed { code } => {
            format!("الرمز {code} غير مُدرَج بشكل صحيح")
        }
        Reason::CodePointsNowhere { code } => {
            format!("مُدخل الرمز {code} لا يشير إلى ورقة اقتراع موجودة")
        }
        Reason::IndexDuplicate => "ورقة اقتراع أو مُدخل في الفهرس يظهر مرتين".into(),
        Reason::IndexUnknownPrecinct { precinct } => {
            format!("المُدخل يذكر دائرة انتخابية غير معروفة، «{precinct}»")
        }
        Reason::IndexWrongPrecinct => {
            "الفهرس يحيل هذا الرمز إلى دائرة انتخابية لا يحتويه ملفها".into()
        }
        Reason::IndexWrongPosition => "الفهرس يعطي موضعًا خاطئًا في صندوق الاقتراع".into(),
        Reason::NotCanonicalFile => "بايتات الملف ليست صيغة JSON القياسية لمحتواه (هل عُدِّل بعد كتابته؟)".into(),
        Reason::Seal { error } => seal_error(*error).into(),
    }
}

fn id_kind(k: IdKind) -> &'static str {
    match k {
        IdKind::Contest => "المنافسة",
        IdKind::Option => "الخيار",
        IdKind::County => "المقاطعة",
        IdKind::Precinct => "الدائرة الانتخابية",
    }
}

fn area_counts(a: &AreaCounts) -> String {
    let mut out = format!("أوراق الاقتراع {}", a.ballots);
    for c in &a.contests {
        out += &format!("، {}={:?}", c.contest, c.counts);
    }
    out
}

fn checkpoint_problem(p: &CheckpointProblem) -> String {
    match p {
        CheckpointProblem::Malformed { error } => {
            format!("ليست نقطة تحقق موقَّعة ({})", note_error(*error))
        }
        CheckpointProblem::WrongOrigin { found } => format!("إنها لسجل آخر ({found})"),
        CheckpointProblem::Signature { error } => {
            format!("توقيع السلطة الانتخابية: {}", note_error(*error))
        }
        CheckpointProblem::NotFinal => {
            "لا تُغلق صندوق الاقتراع: ربما لا يزال التصويت مفتوحًا أو حُجبت نقطة التحقق النهائية".into()
        }
        CheckpointProblem::FinalBeforeClose => "تُغلق صندوق الاقتراع قبل انتهاء التصويت".into(),
    }
}

fn note_error(e: NoteError) -> &'static str {
    match e {
        NoteError::Malformed => "الملاحظة الموقَّعة غير سليمة الصيغة",
        NoteError::BadSignatureLine => "أحد أسطر التوقيع في الملاحظة غير سليم الصيغة",
        NoteError::TooManySignatures => "تحمل الملاحظة عددًا كبيرًا جدًا من التواقيع",
        NoteError::BadKey => "مفتاح المتحقِّق غير سليم الصيغة",
        NoteError::BadSignature => "توقيع من مفتاح موثوق غير صالح",
        NoteError::Unsigned => "الملاحظة غير موقَّعة بالمفتاح الموثوق",
        NoteError::NotACheckpoint => "الملاحظة ليست نقطة تحقق",
    }
}

fn witness_problem(p: &WitnessProblem) -> String {
    match p {
        WitnessProblem::NotWitnessed { cosigned, quorum } => format!("غير مشهود عليها: {cosigned} من أصل {quorum} توقيعات مشتركة مطلوبة من الشهود"),
        WitnessProblem::BadCosignature { witness } => format!("التوقيع المشترك للشاهد {witness} غير صالح"),
        WitnessProblem::BadPolicy => "تعذّرت قراءة سياسة الشهود لدى هذا المتحقِّق".into(),
        WitnessProblem::Rollback { .. } => "صندوق الاقتراع أصغر من الذي تم التحقق منه هنا من قبل: لقد أُعيد إلى الوراء".into(),
        WitnessProblem::SplitView { .. } => "لصندوق الاقتراع حجم الصندوق الذي تم التحقق منه هنا من قبل لكن بجذر آخر: وقّعت السلطة الانتخابية صندوقين مختلفين".into(),
        WitnessProblem::AfterClose { .. } => "صندوق الاقتراع أكبر من الصندوق المغلق الذي تم التحقق منه هنا من قبل: الصندوق المغلق نهائي، لذلك أُضيفت أوراق اقتراع بعد الفرز".into(),
        WitnessProblem::NotExtension { error, .. } => format!("صندوق الاقتراع لا يمتد من الصندوق الذي تم التحقق منه هنا من قبل ({}): وقّعت السلطة الانتخابية صندوقين مختلفين", consistency_error(*error)),
    }
}

fn tile_error(e: TileError) -> &'static str {
    match e {
        TileError::WrongLength => "إحدى البلاطات أو الحدّ بطول خاطئ",
        TileError::Missing => "تجزئة يحتاجها الإثبات غير موجودة في البلاطات",
        TileError::FrontierMismatch => "الحدّ لا يُجمع إلى الجذر الموقَّع",
    }
}

fn inclusion_error(e: InclusionError) -> &'static str {
    match e {
        InclusionError::IndexOutOfRange => "الموضع خارج حدود الشجرة",
        InclusionError::WrongLength => "طول الإثبات خاطئ",
        InclusionError::RootMismatch => "الإثبات يؤدي إلى جذر آخر",
    }
}

fn consistency_error(e: ConsistencyError) -> &'static str {
    match e {
        ConsistencyError::OldLargerThanNew => "الشجرة الأقدم أكبر من الشجرة الأحدث",
        ConsistencyError::WrongLength => "طول الإثبات خاطئ",
        ConsistencyError::OldRootMismatch => "الإثبات لا يؤدي إلى الجذر الأقدم",
        ConsistencyError::NewRootMismatch => "الإثبات لا يؤدي إلى الجذر الأحدث",
    }
}

fn ballot_error(e: &BallotError) -> String {
    match e {
        BallotError::WrongPrecinct { found } => format!("تذكر الدائرة الانتخابية «{found}»"),
        BallotError::WrongContests => "منافساتها ليست منافسات هذه الانتخابات".into(),
        BallotError::WrongCiphertextCount {
            contest,
            found,
            expected,
        } => format!(
            "عدد نصوصها المشفَّرة في المنافسة «{contest}» هو {found}، بينما عدد الخيارات {expected}"
        ),
        BallotError::Malformed { contest } => {
            format!("المنافسة «{contest}» فيها غير سليمة الصيغة")
        }
        BallotError::InvalidProof { contest } => {
            format!("إثبات المنافسة «{contest}» فيها غير صالح")
        }
        BallotError::MissingProof => "لا إثباتات لها في ملف الإثباتات".into(),
        BallotError::NoRandomness => {
            "تعذّر التحقق منها: لم يوفّر هذا الجهاز الأرقام العشوائية التي يحتاجها التحقق".into()
        }
    }
}

fn trustee_error(e: &TrusteeError) -> String {
    match e {
        TrusteeError::BadThreshold {
            threshold,
            trustees,
        } => format!("لا يمكن أن تكون العتبة {threshold} مع عدد أمناء قدره {trustees}"),
        TrusteeError::MalformedKey { trustee } => {
            format!("مفتاح الأمين {trustee} غير سليم الصيغة")
        }
        TrusteeError::InconsistentKeys => "حصص مفاتيح الأمناء لا تنتمي إلى مفتاح مشترك واحد".into(),
        TrusteeError::JointKeyMismatch => {
            "المفتاح المشترك المنشور ليس المفتاح الذي تحدده حصص الأمناء".into()
        }
        TrusteeError::BadProofOfPossession { trustee } => {
            format!("إثبات الحيازة الخاص بالأمين {trustee} لا يجتاز التحقق")
        }
    }
}

fn decryption_error(e: &DecryptionError) -> String {
    match e {
        DecryptionError::TooFewTrustees { found, needed } => {
            format!("عدد الأمناء الذين فكّوا التشفير {found}، والمطلوب {needed}")
        }
        DecryptionError::BadTrustee { trustee } => {
            format!("الأمين رقم {trustee} غير معروف أو يظهر مرتين")
        }
        DecryptionError::WrongShareCount { trustee } => {
            format!("قدَّم الأمين {trustee} عددًا خاطئًا من الحصص")
        }
        DecryptionError::InvalidShare { trustee, option } => format!(
            "إثبات فك التشفير الخاص بالأمين {trustee} للخيار {} لا يجتاز التحقق",
            option + 1
        ),
        DecryptionError::WrongValueCount => "عدد القيم المفكوك تشفيرها لا يطابق عدد الخيارات".into(),
        DecryptionError::WrongContest => "فك التشفير مُعنوَن بمنافسة أخرى".into(),
        DecryptionError::ValueMismatch { option } => format!(
            "فك تشفير الخيار {} يعطي قيمة تختلف عن القيمة المنشورة",
            option + 1
        ),
    }
}

fn seal_error(e: SealError) -> &'static str {
    match e {
        SealError::OtherHead => "الملف مختوم لرأس نهائي آخر",
        SealError::MalformedSignature => "توقيع الختم غير سليم الصيغة",
        SealError::BadSignature => "الختم ليس توقيع السلطة الانتخابية على هذا الملف",
    }
}

/// Why a record archive could not be read.
pub fn archive_error(e: &ArchiveError) -> String {
    match e {
        ArchiveError::UnknownFormat => "الملف ليس أرشيف ‎.tar ولا ‎.zip".into(),
        ArchiveError::Truncated => "الأرشيف مقطوع".into(),
        ArchiveError::Malformed { entry } => format!("المدخل «{entry}» في الأرشيف تالف"),
        ArchiveError::UnsupportedCompression { entry, method } => {
            format!(
                "المدخل «{entry}» يستخدم طريقة الضغط {method}؛ لا تُقرأ إلا طريقتا stored وdeflate"
            )
        }
        ArchiveError::TooLarge { entry, limit } => {
            format!("المدخل «{entry}» أكبر من {limit} بايت المسموح بها لملف سجلّ من نوعه")
        }
        ArchiveError::UnsafePath { entry } => format!("للمدخل «{entry}» مسار غير آمن"),
        ArchiveError::Duplicate { entry } => format!("يحتوي الأرشيف على «{entry}» مرتين"),
        ArchiveError::NoManifest => "لا يحتوي الأرشيف على manifest.json: ليس سجلًّا انتخابيًّا".into(),
    }
}
