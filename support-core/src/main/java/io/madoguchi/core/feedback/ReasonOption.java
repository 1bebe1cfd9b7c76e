package io.madoguchi.core.feedback;

import io.madoguchi.core.ValidationException;
import java.util.List;
import java.util.regex.Pattern;

/**
 * A reason a customer can pick for a low score.
 *
 * @param code stable code stored with the response: lower-case letters, digits and {@code _}
 * @param label its text in ja and en
 */
public record ReasonOption(String code, LocalizedText label) {

    private static final Pattern CODE = Pattern.compile("[a-z0-9_]{1,32}");

    /**
     * @param code stable code stored with the response: lower-case letters, digits and {@code _}
     * @param label its text in ja and en
     * @throws ValidationException if the code is malformed or the label null
     */
    public ReasonOption {
        if (code == null || !CODE.matcher(code).matches()) {
            throw ValidationException.of("reason.code", "must be 1-32 of a-z, 0-9, '_'; was '" + code + "'");
        }
        if (label == null) {
            throw ValidationException.of("reason.label", "must not be null");
        }
    }

    /** @return the default reasons offered on a low score */
    public static List<ReasonOption> defaults() {
        return List.of(
            new ReasonOption("slow_response", new LocalizedText("対応が遅かった", "The response was slow")),
            new ReasonOption("not_resolved", new LocalizedText("問題が解決しなかった", "My issue was not resolved")),
            new ReasonOption("unfriendly", new LocalizedText("対応が不親切だった", "The agent was unfriendly")),
            new ReasonOption("hard_to_reach", new LocalizedText("連絡がつきにくかった", "It was hard to reach support")),
            new ReasonOption("other", new LocalizedText("その他", "Other")));
    }
}
