package io.madoguchi.examples.demo;

import io.madoguchi.core.faq.FaqEntry;
import java.util.List;
import java.util.Locale;

/** The demo shop's FAQ, in Japanese and English. */
public final class ShopFaqs {

    private ShopFaqs() {
    }

    /** @return the FAQ entries, Japanese first */
    public static List<FaqEntry> all() {
        return List.of(
            ja("returns", "返品・交換の方法を知りたい",
                "商品到着後30日以内でしたら、マイページの注文履歴から返品・交換をお申し込みいただけます。返送料は無料です。",
                "返品したい", "交換してほしい", "サイズが合わないので返品したい"),
            ja("shipping-fee", "送料はいくらですか", "全国一律500円です。5,000円以上のご注文で送料無料になります。",
                "配送料金を知りたい", "送料無料になる条件"),
            ja("payment", "支払い方法を知りたい", "クレジットカード、コンビニ払い、銀行振込、PayPayがご利用いただけます。",
                "使える決済方法", "コンビニで支払いたい"),
            ja("wrapping", "ギフトラッピングはできますか", "ご注文時に「ギフト包装」を選ぶと、1点200円で承ります。",
                "プレゼント用に包んでほしい"),
            ja("withdraw", "退会したい", "マイページの「アカウント設定」から退会できます。保有ポイントは失効します。",
                "アカウントを削除したい", "会員をやめたい"),
            en("returns-en", "How do I return an item?",
                "You can return items within 30 days from your order history. Return shipping is free.",
                "return policy", "send an item back", "exchange a product"),
            en("international", "Do you ship internationally?",
                "We ship to the US, Canada, the UK and Australia. Delivery takes 7 to 14 days.",
                "shipping abroad", "ship to Canada", "overseas delivery time"),
            en("payment-en", "Which payment methods do you accept?",
                "We accept credit cards, convenience-store payment, bank transfer and PayPay.",
                "how can I pay", "pay by card"));
    }

    private static FaqEntry ja(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.JAPANESE).question(question).answer(answer)
                .phrasings(phrasings).build();
    }

    private static FaqEntry en(String id, String question, String answer, String... phrasings) {
        return FaqEntry.builder(id).locale(Locale.ENGLISH).question(question).answer(answer)
                .phrasings(phrasings).build();
    }
}
