package io.madoguchi.core.bot;

import static java.util.Objects.requireNonNull;

import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;

/**
 * What the bot says, in one language. Placeholders: {@code {answer}}, {@code {question}}, {@code {suggestions}},
 * {@code {nextOpening}}.
 *
 * @param answerReply the public reply carrying an FAQ answer and asking whether it helped
 * @param suggestReply the public reply listing up to three FAQs that may help
 * @param handOverReply the public reply when no FAQ fits: a person will reply (followed by {@code closedNotice}
 *     outside business hours)
 * @param escalatedReply the public reply when the customer said the answer did not help, or wrote something else:
 *     a person takes over
 * @param noVerdictReply the last public reply when the customer said neither yes nor no within the wait: the
 *     ticket is solved, and a reply reopens it
 * @param closedNotice appended to a reply when the desk is closed: when a person will reply
 * @param nextOpeningFormat how {@code {nextOpening}} is formatted, in the calendar's zone
 */
public record BotTexts(String answerReply, String suggestReply, String handOverReply, String escalatedReply,
                       String noVerdictReply, String closedNotice, DateTimeFormatter nextOpeningFormat) {

    /** Japanese texts. */
    public static final BotTexts JAPANESE = new BotTexts(
        "よくあるご質問「{question}」の回答をお送りします。\n\n{answer}\n\n"
            + "この回答で解決しましたか？「はい」または「いいえ」でお返事ください。",
        "次のよくあるご質問がお役に立つかもしれません。\n{suggestions}\n担当者からも改めてご連絡いたします。",
        "お問い合わせありがとうございます。担当者よりご連絡いたします。",
        "ご返信ありがとうございます。担当者に引き継ぎましたので、担当者よりご連絡いたします。",
        "ご返信がなかったため、このお問い合わせはいったん解決済みとさせていただきます。"
            + "まだお困りの場合は、このメッセージにご返信ください。",
        "\n\n現在は営業時間外です。担当者は{nextOpening}以降にご返信いたします。",
        DateTimeFormatter.ofPattern("M月d日(E) H:mm", Locale.JAPANESE));

    /** English texts. */
    public static final BotTexts ENGLISH = new BotTexts(
        "Here is the answer to the FAQ \"{question}\":\n\n{answer}\n\n"
            + "Did this solve your problem? Please reply \"yes\" or \"no\".",
        "These FAQs may help:\n{suggestions}\nA member of our team will also get back to you.",
        "Thank you for contacting us. A member of our team will get back to you.",
        "Thank you. We have passed your question to a member of our team, who will get back to you.",
        "As we have not heard back from you, we have marked this request as solved. "
            + "If you still need help, just reply to this message.",
        "\n\nWe are closed right now. A person will reply from {nextOpening}.",
        DateTimeFormatter.ofPattern("EEE d MMM HH:mm (VV)", Locale.ENGLISH));

    /**
     * @param answerReply the public reply carrying an FAQ answer and asking whether it helped
     * @param suggestReply the public reply listing up to three FAQs that may help
     * @param handOverReply the public reply when no FAQ fits: a person will reply (followed by {@code closedNotice}
     *     outside business hours)
     * @param escalatedReply the public reply when the customer said the answer did not help, or wrote something else:
     *     a person takes over
     * @param noVerdictReply the last public reply when the customer said neither yes nor no within the wait: the
     *     ticket is solved, and a reply reopens it
     * @param closedNotice appended to a reply when the desk is closed: when a person will reply
     * @param nextOpeningFormat how {@code {nextOpening}} is formatted, in the calendar's zone
     * @throws NullPointerException if an argument is null
     */
    public BotTexts {
        requireNonNull(answerReply, "answerReply");
        requireNonNull(suggestReply, "suggestReply");
        requireNonNull(handOverReply, "handOverReply");
        requireNonNull(escalatedReply, "escalatedReply");
        requireNonNull(noVerdictReply, "noVerdictReply");
        requireNonNull(closedNotice, "closedNotice");
        requireNonNull(nextOpeningFormat, "nextOpeningFormat");
    }

    /**
     * @param locale a language
     * @return Japanese texts for Japanese, English otherwise
     */
    public static BotTexts forLocale(Locale locale) {
        return "ja".equals(locale.getLanguage()) ? JAPANESE : ENGLISH;
    }

    /**
     * @param question the FAQ's question
     * @param answer the FAQ's answer
     * @return {@link #answerReply()} with both filled in
     */
    public String answer(String question, String answer) {
        return answerReply.replace("{question}", question).replace("{answer}", answer);
    }

    /**
     * @param questions the suggested FAQs' questions
     * @return {@link #suggestReply()} with the questions as a list, one a line
     */
    public String suggest(List<String> questions) {
        StringBuilder list = new StringBuilder();
        for (String q : questions) {
            list.append("・").append(q).append('\n');
        }
        return suggestReply.replace("{suggestions}", list.toString().stripTrailing());
    }

    /**
     * @param nextOpening when the desk opens next, in the calendar's zone
     * @return {@link #closedNotice()} with the opening formatted by {@link #nextOpeningFormat()}
     */
    public String closed(ZonedDateTime nextOpening) {
        return closedNotice.replace("{nextOpening}", nextOpeningFormat.format(nextOpening));
    }
}
