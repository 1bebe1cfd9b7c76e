package io.madoguchi.core.faq;

import java.util.List;
import java.util.Locale;

/** A small Japanese city-office FAQ set and an English shop FAQ set for tests. */
final class CityOfficeFaqs {

    private CityOfficeFaqs() {
    }

    static List<FaqEntry> japanese() {
        return List.of(
            ja("juminhyo", "住民票の写しを取りたい", "住民票の写しは市役所の窓口またはコンビニで取得できます。手数料は300円です。",
                "住民票が欲しい", "住民票の写しの請求方法"),
            ja("koseki", "戸籍謄本を請求したい", "戸籍謄本は本籍地の市役所で請求できます。郵送請求もできます。",
                "戸籍の証明書を取りたい"),
            ja("gomi", "粗大ごみの出し方を知りたい", "粗大ごみは事前に申し込みが必要です。収集日に指定場所へ出してください。",
                "大きなごみを捨てたい", "家具を捨てる方法"),
            ja("taikai", "図書館の利用カードを退会したい", "図書館カウンターで利用者登録の抹消を申し出てください。"),
            ja("pdf", "申請書のPDFはどこでダウンロードできますか", "市のホームページの申請書ダウンロードのページから入手できます。"),
            ja("hoikuen", "保育所の入所申し込みについて", "保育所の入所申し込みは毎年11月に受け付けています。", "保育園に子どもを入れたい"),
            ja("zeikin", "市民税の納付方法を知りたい", "市民税は納付書により金融機関、コンビニで納付できます。口座振替もできます。"));
    }

    static List<FaqEntry> english() {
        return List.of(
            en("refund", "How do I get a refund for my order?", "Open your order and choose Return. Refunds arrive in 5 days.",
                "I want my money returned", "Can I return an item"),
            en("shipping", "How long does delivery take?", "Standard shipping takes 3 to 5 business days.",
                "When will my parcel arrive", "delivery time"),
            en("password", "I forgot my password", "Use the Forgot password link on the sign-in page.",
                "reset my password", "cannot log in"),
            en("cancel", "How can I cancel my order?", "Orders can be cancelled before they ship from the order page.",
                "stop my order"),
            en("giftcard", "Do you sell gift cards?", "Yes, gift cards from 10 to 200 dollars are available.",
                "buy a gift voucher"));
    }

    static FaqEntry ja(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.JAPANESE).question(question).answer(answer).phrasings(phrasings).build();
    }

    static FaqEntry en(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.ENGLISH).question(question).answer(answer).phrasings(phrasings).build();
    }
}
