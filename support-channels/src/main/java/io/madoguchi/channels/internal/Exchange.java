package io.madoguchi.channels.internal;

import io.madoguchi.channels.ReplyContext;
import io.madoguchi.channels.SendResult;
import java.io.IOException;
import java.time.Clock;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;
import org.jspecify.annotations.Nullable;

/**
 * One provider request of a built-in adapter, with the answers they all treat alike: 429 waits for
 * {@code Retry-After} (the request was refused, so nothing went out), a 5xx or a lost connection is retried as
 * ambiguous (it may have gone out) with the adapter's context for that case, and every other status goes to the
 * adapter's own {@link Answer}. Thread-safe, stateless.
 */
public final class Exchange {

    private Exchange() {
    }

    /** How an adapter reads a response that is neither 429 nor 5xx. */
    @FunctionalInterface
    public interface Answer {
        /**
         * @param response the response (its body not yet read)
         * @return the result
         * @throws IOException if reading the body fails (retried as a lost response)
         */
        SendResult read(Response response) throws IOException;
    }

    /**
     * @param http the client
     * @param request the request
     * @param clock the clock, for an HTTP-date {@code Retry-After}
     * @param ifLost the context the next attempt gets when this one may have gone out (5xx, lost connection), or
     *     null to keep the current one
     * @param answer how the adapter reads the other statuses
     * @return the result
     */
    public static SendResult send(OkHttpClient http, Request request, Clock clock, @Nullable ReplyContext ifLost,
                                  Answer answer) {
        try (Response r = http.newCall(request).execute()) {
            int code = r.code();
            if (code == 429) {
                return new SendResult.Retry("429", Http.retryAfter(r, clock), false, null);
            }
            if (code >= 500) {
                return new SendResult.Retry(Integer.toString(code), Http.retryAfter(r, clock), true, ifLost);
            }
            return answer.read(r);
        } catch (IOException e) {
            return new SendResult.Retry(e.getClass().getSimpleName(), null, true, ifLost);
        }
    }

    /**
     * @param r an error response
     * @return a permanent refusal naming the status and the provider's message
     */
    public static SendResult rejected(Response r) {
        return new SendResult.Rejected(r.code() + " " + Http.errorMessage(r));
    }
}
