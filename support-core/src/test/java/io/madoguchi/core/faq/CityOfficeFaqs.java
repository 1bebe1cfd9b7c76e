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

    /** The eleven FAQs of a city office's front desk, as in issue 14. */
    static List<FaqEntry> frontDesk() {
        return List.of(
            ja("juminhyo", "住民票の写しを取得したい", "住民票の写しは市役所の窓口またはコンビニで取得できます。手数料は300円です。"),
            ja("tennyu", "転入届の手続きを知りたい", "引っ越してから14日以内に市民課へ転入届を出してください。本人確認書類が必要です。"),
            ja("gomi", "粗大ごみの出し方を知りたい", "粗大ごみは事前に申し込みが必要です。収集日に指定場所へ出してください。"),
            ja("mynumber", "マイナンバーカードの更新", "電子証明書は5年ごとに更新が必要です。市民課で手続きしてください。"),
            ja("koseki", "戸籍謄本を請求したい", "戸籍謄本は本籍地の市役所で請求できます。郵送請求もできます。"),
            ja("inkan", "印鑑登録をしたい", "登録する印鑑と本人確認書類を持って市民課へ来てください。"),
            ja("hoikuen", "保育所の入所申し込み", "保育所の入所申し込みは毎年11月に受け付けています。"),
            ja("zeikin", "市民税の納付方法", "市民税は納付書により金融機関、コンビニで納付できます。口座振替もできます。"),
            ja("kokuho", "国民健康保険の加入手続き", "資格を得た日から14日以内に保険年金課で手続きしてください。"),
            ja("jido", "児童手当の申請", "出生や転入の翌日から15日以内に子ども家庭課へ申請してください。"),
            ja("shiei", "市営住宅の申し込み", "市営住宅の入居者募集は年4回、広報とホームページでお知らせします。"));
    }

    static List<FaqEntry> english() {
        return List.of(
            en("refund", "How do I get a refund for my order?",
                "Open your order and choose Return. Refunds arrive in 5 days.",
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
        return FaqEntry.builder(id).locale(Locale.JAPANESE).question(question).answer(answer).phrasings(phrasings)
            .build();
    }

    static FaqEntry en(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.ENGLISH).question(question).answer(answer).phrasings(phrasings)
            .build();
    }
}
