package io.madoguchi.channels.email;

import io.madoguchi.channels.SendResult;
import io.madoguchi.channels.internal.Http;
import java.time.Clock;
import okhttp3.Response;

/** How the mail providers' HTTP APIs' answers are read: 2xx sent, 429 later, 5xx retried as ambiguous, else refused. */
final class HttpMailAnswers {

    private HttpMailAnswers() {
    }

    /**
     * @param r the provider's answer
     * @param clock the clock for {@code Retry-After} dates
     * @return the outcome
     */
    static SendResult of(Response r, Clock clock) {
        int code = r.code();
        if (code / 100 == 2) {
            return new SendResult.Sent(Integer.toString(code));
        }
        if (code == 429) {
            return new SendResult.Retry("429", Http.retryAfter(r, clock), false, null);
        }
        if (code >= 500) {
            return new SendResult.Retry(Integer.toString(code), Http.retryAfter(r, clock), true, null);
        }
        return new SendResult.Rejected(code + " " + Http.errorMessage(r));
    }
}
