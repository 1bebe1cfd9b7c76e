package io.madoguchi.channels.webchat;

import io.madoguchi.core.customer.Customer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * One visitor's Server-Sent Events stream of new public messages in their conversation. Each event's id is its
 * position in the desk's durable event log; a client that reconnects with that id in {@code Last-Event-ID} gets
 * every message after it. The host writes {@link #HEADERS}, then, in a loop until the connection ends, what
 * {@link #next(Duration)} returns, flushing after each; then it closes the stream, which frees the visitor's slot.
 *
 * <p>Not thread-safe: one connection's thread uses it.
 */
public final class ChatStream implements AutoCloseable {

    /** The response headers of an event stream. */
    public static final Map<String, String> HEADERS = Map.of("Content-Type", "text/event-stream; charset=utf-8",
        "Cache-Control", "no-store", "X-Accel-Buffering", "no");

    private static final int MAX_PER_CALL = 100;

    private final WebChat chat;
    private final String visitorId;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final Semaphore permit = new Semaphore(0);
    private long scanned;
    private @Nullable String customerId;
    private boolean first = true;

    ChatStream(WebChat chat, String visitorId, long after) {
        this.chat = chat;
        this.visitorId = visitorId;
        this.scanned = after;
        chat.tail().register(LogTail.visitorKey(visitorId), permit);
    }

    /**
     * Waits up to {@code wait} for new messages and returns them as event-stream text. The first call returns at
     * once, telling the client to retry after 2 seconds when the connection drops (and any messages already there).
     * A call that finds nothing returns a comment
     * line (a keep-alive, which also shows the host a dead connection when the write fails).
     *
     * @param wait the most to wait for a new message
     * @return the text to write: one frame per message ({@code id}, {@code event: message}, {@code data} JSON), a
     *     {@code reset} event when the log no longer holds positions the client asked for (it re-reads its
     *     history), or a comment
     * @throws InterruptedException if the thread is interrupted while waiting
     * @throws IllegalStateException if the stream is closed
     */
    public String next(Duration wait) throws InterruptedException {
        if (closed.get()) {
            throw new IllegalStateException("the stream is closed");
        }
        StringBuilder out = new StringBuilder();
        if (first) {
            first = false;
            out.append("retry: 2000\n\n");
        }
        long deadline = System.nanoTime() + LogTail.nanos(wait);
        while (true) {
            if (scanOnce(out) || out.length() > 0) {
                // the first call answers at once, so the client sees the stream open without waiting
                return out.toString();
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || !permit.tryAcquire(left, TimeUnit.NANOSECONDS)) {
                // nothing announced here: another instance may have written; read the log before giving up
                chat.tail().refresh();
                if (scanOnce(out)) {
                    return out.toString();
                }
                return out.append(": keep-alive\n\n").toString();
            }
        }
    }

    /** @return whether anything was appended */
    private boolean scanOnce(StringBuilder out) {
        if (customerId == null) {
            // the position first: a customer made after the lookup writes their first message after it
            long read = chat.tail().position();
            Optional<Customer> c = chat.customer(visitorId);
            if (c.isEmpty()) {
                scanned = Math.max(scanned, read);
                return false;
            }
            customerId = c.get().id().value();
            chat.tail().register(LogTail.customerKey(customerId), permit);
        }
        LogTail.Scan s = chat.tail().scan(scanned, customerId, MAX_PER_CALL);
        scanned = s.scannedTo();
        boolean wrote = false;
        if (s.lost()) {
            out.append("event: reset\ndata: {}\n\n");
            wrote = true;
        }
        List<LogTail.Entry> entries = s.entries();
        for (LogTail.Entry e : entries) {
            out.append(chat.frame(e.position(), WebChat.ChatMessage.of(e.ticketNumber(), e.message())));
            wrote = true;
        }
        return wrote;
    }

    /** @return the log position the stream has read up to */
    public long position() {
        return scanned;
    }

    /** Frees the visitor's stream slot. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            chat.tail().unregister(LogTail.visitorKey(visitorId), permit);
            if (customerId != null) {
                chat.tail().unregister(LogTail.customerKey(customerId), permit);
            }
            chat.release(visitorId);
        }
    }

    @Override
    public String toString() {
        return "ChatStream[at " + scanned + (closed.get() ? ", closed" : "") + "]";
    }
}
