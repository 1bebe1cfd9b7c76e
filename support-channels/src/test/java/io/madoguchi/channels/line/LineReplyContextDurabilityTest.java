package io.madoguchi.channels.line;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.channels.ChannelGateway;
import io.madoguchi.channels.outbox.InMemoryOutboxStore;
import io.madoguchi.channels.outbox.OutboxRow;
import io.madoguchi.channels.outbox.OutboxSender;
import io.madoguchi.channels.outbox.OutboxStore;
import io.madoguchi.channels.outbox.OutboxSubscriber;
import io.madoguchi.core.AgentId;
import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.agent.Agent;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.time.ManualScheduler;
import io.madoguchi.core.time.MutableClock;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A LINE message's reply context is durable before or with the message's commit: the instance that answers the
 * message (another host instance on the same stores, or a fresh one after a crash) sends the answer with the
 * message's free reply token and thread hints, whatever the receiving gateway does after the commit.
 */
class LineReplyContextDurabilityTest {

    private static final String SECRET = "line-channel-secret-0123456789ab";
    private static final String USER = "U4af4980629";

    private final TenantId tenant = TenantId.of("shop-a");
    private final ManualScheduler scheduler = ManualScheduler.startingAt(Instant.parse("2026-11-30T01:00:00Z"),
        ZoneOffset.UTC);
    private final MutableClock clock = scheduler.clock();
    /** The desk's database, shared by the host instances. */
    private final DeskStore store = DeskStore.inMemory(clock);
    /** The outbox's database, shared by the host instances. */
    private final InMemoryOutboxStore outbox = new InMemoryOutboxStore();
    private final Principal agent = Principal.agent(tenant, AgentId.of("sato"));

    /** Thrown where the receiving instance's process dies. */
    private static final class Crash extends RuntimeException {
        Crash() {
            super("the process died");
        }
    }

    private LineAdapter adapter() {
        return LineAdapter.builder(SECRET, "line-access-token").baseUrl("http://127.0.0.1:9").clock(clock).build();
    }

    /** A host instance on the shared stores whose bot answers every new ticket and whose outbox sends replies. */
    private SupportDesk answeringInstance() {
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).scheduler(scheduler).build();
        desk.saveAgent(Principal.admin(tenant, AgentId.of("admin")), Agent.of(tenant, AgentId.of("sato"), "佐藤"));
        desk.subscribe(new AutoAnswer(desk, agent));
        OutboxSender sender = OutboxSender.builder(outbox, store.eventLog(), scheduler, clock).adapter(adapter())
            .desk(desk).build();
        desk.subscribe(new OutboxSubscriber(desk, outbox, sender, store.eventLog()));
        return desk;
    }

    /** A host instance on the shared stores that only receives webhooks, its outbox store seen through a proxy. */
    private ChannelGateway receivingInstance(OutboxStore contexts) {
        SupportDesk desk = SupportDesk.builder().clock(clock).store(store).scheduler(scheduler).build();
        return ChannelGateway.builder(desk, store.eventLog(), tenant).adapter(adapter()).replyContexts(contexts)
            .build();
    }

    /**
     * The shared outbox store as the receiving gateway uses it: at the first call it makes once the message is
     * committed (its step after the commit, whatever it is), {@code afterCommit} runs first.
     */
    private OutboxStore afterCommit(Runnable afterCommit) {
        long before = store.eventLog().head();
        boolean[] ran = {false};
        return (OutboxStore) Proxy.newProxyInstance(OutboxStore.class.getClassLoader(),
            new Class<?>[] {OutboxStore.class}, (proxy, method, args) -> {
                if (!ran[0] && store.eventLog().head() > before) {
                    ran[0] = true;
                    afterCommit.run();
                }
                try {
                    return method.invoke(outbox, args);
                } catch (InvocationTargetException e) {
                    throw e.getCause();
                }
            });
    }

    private byte[] message(String eventId, String replyToken) {
        return LinePayloads.textMessage(eventId, USER, "注文した商品がまだ届きません", clock.instant(), replyToken);
    }

    private List<OutboxRow> pending() {
        return outbox.withStatus(OutboxRow.Status.PENDING, 10);
    }

    @Test
    void anotherInstanceThatAnswersTheMomentTheMessageIsCommittedSendsWithItsReplyToken() {
        SupportDesk answering = answeringInstance();
        ChannelGateway gateway = receivingInstance(afterCommit(answering::processEvents));

        assertThat(gateway.handle("line", LinePayloads.request(SECRET, message("ev-1", "reply-token-ev-1")))
            .status()).isEqualTo(200);
        answering.processEvents();

        assertThat(pending()).singleElement().satisfies(row -> {
            assertThat(row.context().replyToken()).as("a free reply, not a push").isEqualTo("reply-token-ev-1");
            assertThat(row.context().hint(LineAdapter.HINT_TO)).isEqualTo(USER);
        });
    }

    @Test
    void aCrashRightAfterTheCommitLosesNoContextAndARedeliveryResetsNothing() {
        ChannelGateway crashing = receivingInstance(afterCommit(() -> {
            throw new Crash();
        }));
        byte[] body = message("ev-1", "reply-token-ev-1");

        assertThatThrownBy(() -> crashing.handle("line", LinePayloads.request(SECRET, body)))
            .isInstanceOf(Crash.class);

        // after the restart: an instance answers what was committed, and LINE redelivers the unanswered webhook
        SupportDesk answering = answeringInstance();
        answering.processEvents();
        ChannelGateway.Outcome redelivered = receivingInstance(outbox).process("line",
            LinePayloads.request(SECRET, body));
        answering.processEvents();

        assertThat(redelivered.duplicates()).isEqualTo(1);
        assertThat(pending()).singleElement().satisfies(row -> {
            assertThat(row.context().replyToken()).isEqualTo("reply-token-ev-1");
            assertThat(row.context().hint(LineAdapter.HINT_TO)).isEqualTo(USER);
        });

        answering.reply(agent, pending().get(0).ticketId(), "本日発送いたしました。");
        assertThat(pending()).hasSize(2).last().satisfies(row -> {
            assertThat(row.context().replyToken()).as("single-use: the redelivery gave it no new life").isNull();
            assertThat(row.context().hint(LineAdapter.HINT_TO)).as("the hints stay").isEqualTo(USER);
        });
    }
}
