//! The printed receipts' words, in the four languages the app speaks (`castcheck receipts
//! --lang`). The four versions of a receipts page sit side by side: `index.html` (English) and
//! `<lang>.html`.

/// One language's words for a receipts page.
pub struct Words {
    pub lang: &'static str,
    pub dir: &'static str,
    /// The language's name in itself, for the language links.
    pub name: &'static str,
    pub title: &'static str,
    pub receipt_code: &'static str,
    pub election_code: &'static str,
    pub precinct: &'static str,
    pub ballot: &'static str,
    pub cast: &'static str,
    pub challenged: &'static str,
    /// How to check; `{url}` is the verifier's address.
    pub how: &'static str,
    /// On a cast ballot's receipt.
    pub secret: &'static str,
    /// On a challenged ballot's receipt: it was opened for anyone with its code.
    pub opened: &'static str,
    pub print: &'static str,
    pub language: &'static str,
}

impl Words {
    /// The file this language's page is written to, beside the others.
    pub fn file(&self) -> String {
        match self.lang {
            "en" => "index.html".to_owned(),
            other => format!("{other}.html"),
        }
    }
}

/// Every language, English first.
pub const ALL: [Words; 4] = [
    Words {
        lang: "en",
        dir: "ltr",
        name: "English",
        title: "Receipts",
        receipt_code: "Receipt code",
        election_code: "Election code",
        precinct: "Precinct",
        ballot: "Ballot",
        cast: "Cast",
        challenged: "Challenged: opened to test the voting device, not counted",
        how: "Check that your ballot was counted as cast: scan this code, or open {url} and type the receipt code.",
        secret: "The code is yours alone; nobody can learn your vote from it.",
        opened: "This ballot was not counted: it was opened to test the voting device, and anyone with this code can see what it contained. Vote again with a new ballot.",
        print: "Print these receipts",
        language: "Language",
    },
    Words {
        lang: "es",
        dir: "ltr",
        name: "Español",
        title: "Comprobantes",
        receipt_code: "Código del comprobante",
        election_code: "Código de la elección",
        precinct: "Distrito",
        ballot: "Voto",
        cast: "Emitido",
        challenged: "Impugnado: abierto para probar el dispositivo de votación, no contado",
        how: "Verifique que su voto se contó tal como lo emitió: escanee este código, o abra {url} y escriba el código del comprobante.",
        secret: "El código es solo suyo; nadie puede saber su voto a partir de él.",
        opened: "Este voto no se contó: se abrió para probar el dispositivo de votación, y cualquiera con este código puede ver lo que contenía. Vote de nuevo con una papeleta nueva.",
        print: "Imprimir estos comprobantes",
        language: "Idioma",
    },
    Words {
        lang: "vi",
        dir: "ltr",
        name: "Tiếng Việt",
        title: "Biên nhận",
        receipt_code: "Mã biên nhận",
        election_code: "Mã cuộc bầu cử",
        precinct: "Khu bầu cử",
        ballot: "Lá phiếu",
        cast: "Đã bỏ",
        challenged: "Phiếu kiểm tra: đã mở để kiểm tra thiết bị bỏ phiếu, không được đếm",
        how: "Hãy kiểm tra rằng lá phiếu của quý vị được đếm đúng như đã bỏ: quét mã này, hoặc mở {url} và nhập mã biên nhận.",
        secret: "Mã này chỉ của riêng quý vị; không ai có thể biết quý vị bầu gì từ mã này.",
        opened: "Lá phiếu này không được đếm: nó đã được mở để kiểm tra thiết bị bỏ phiếu, và bất kỳ ai có mã này đều xem được nội dung của nó. Hãy bỏ phiếu lại bằng một lá phiếu mới.",
        print: "In các biên nhận này",
        language: "Ngôn ngữ",
    },
    Words {
        lang: "ar",
        dir: "rtl",
        name: "العربية",
        title: "الإيصالات",
        receipt_code: "رمز الإيصال",
        election_code: "رمز الانتخاب",
        precinct: "الدائرة",
        ballot: "ورقة الاقتراع",
        cast: "مُدلى بها",
        challenged: "مطعون فيها: فُتحت لاختبار جهاز التصويت، ولم تُحتسب",
        how: "تحقّق من أن ورقة اقتراعك احتُسبت كما أدليت بها: امسح هذا الرمز، أو افتح {url} واكتب رمز الإيصال.",
        secret: "الرمز لك وحدك؛ لا يمكن لأحد معرفة تصويتك منه.",
        opened: "لم تُحتسب هذه الورقة: فُتحت لاختبار جهاز التصويت، ويستطيع كل من لديه هذا الرمز رؤية ما كانت تحتويه. صوِّت مرة أخرى بورقة جديدة.",
        print: "اطبع هذه الإيصالات",
        language: "اللغة",
    },
];

/// The words of the language with this BCP 47 code.
pub fn of(lang: &str) -> Option<&'static Words> {
    ALL.iter().find(|w| w.lang == lang)
}
