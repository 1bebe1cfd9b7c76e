package io.madoguchi.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.customer.ChannelIdentity;
import io.madoguchi.core.customer.Customer;
import io.madoguchi.core.customer.NewCustomer;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.RetryPolicy;
import io.madoguchi.core.event.TicketCreated;
import io.madoguchi.core.internal.StepClaims;
import io.madoguchi.core.store.DeskStore;
import io.madoguchi.core.store.IdempotencyKey;
import io.madoguchi.core.store.ParkedEvent;
import io.madoguchi.core.ticket.CreateTicket;
import io.madoguchi.core.ticket.Message;
import io.madoguchi.core.ticket.Ticket;
import io.madoguchi.core.time.ManualScheduler;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class EventSubscriberTest {

    private static final TenantId TENANT = TenantId.of("shop-a");
    private static final Principal ADMIN = Principal.admin(TENANT, AgentId.of("admin"));
    private final ManualScheduler scheduler =
        ManualScheduler.startingAt(Instant.parse("2026-11-24T00:00:00Z"), ZoneId.of("Asia/Tokyo"));
    private final DeskStore store = DeskStore.inMemory(scheduler.clock());

    /** A subscriber that records what it handled and runs a hook first (which may throw). */
    private static final class Recorder implements EventSubscriber {
        final String name;
        final List<Long> handled = new CopyOnWriteArrayList<>();
        final List<Long> attempts = new CopyOnWriteArrayList<>();
        Consumer<EventEnvelope> hook = e -> { };

        Recorder(String name) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public void handle(EventEnvelope event) {
            attempts.add(event.position());
            hook.accept(event);
            handled.add(event.position());
        }
    }

    private SupportDesk desk(boolean synchronous) {
        return SupportDesk.builder().clock(scheduler.clock()).store(store).scheduler(scheduler)
            .subscriberRetry(new RetryPolicy(4, Duration.ofSeconds(1), Duration.ofMinutes(1)))
            .synchronousDelivery(synchronous).build();
    }

    private static Customer customer(SupportDesk desk, String line) {
        return desk.findCustomer(desk.system(TENANT, "line"), ChannelIdentity.line(line)).orElseGet(() ->
            desk.createCustomer(desk.system(TENANT, "line"),
                new NewCustomer("山田 花子", List.of(ChannelIdentity.line(line)), null, "ja")));
    }

    private static Ticket open(SupportDesk desk, Customer c, String body) {
        return desk.createTicket(Principal.customer(TENANT, c.id()),
            CreateTicket.builder(c.id(), Channel.LINE, "問い合わせ", body).build());
    }

    private List<Long> allPositions() {
        List<Long> out = new ArrayList<>();
        for (EventEnvelope e : store.eventLog().read(0, 10_000)) {
            out.add(e.position());
        }
        return out;
    }

    @Test
    void aSubscriberThatThrowsThreeTimesThenSucceedsLosesNothingAndDuplicatesNothing() {
        SupportDesk desk = desk(true);
        Recorder r = new Recorder("flaky");
        int[] failures = {0};
        r.hook = e -> {
            if (e.event() instanceof TicketCreated && failures[0] < 3) {
                failures[0]++;
                throw new IllegalStateException("一時的な障害 " + failures[0]);
            }
        };
        desk.subscribe(r);
        Customer c = customer(desk, "U-1");
        open(desk, c, "ポイントが反映されていません");
        open(desk, c, "配送先を変更したい");
        // blocked on the first TicketCreated: nothing after it was delivered out of order
        assertThat(r.handled).hasSize(1);
        scheduler.advance(Duration.ofSeconds(1));
        scheduler.advance(Duration.ofSeconds(2));
        scheduler.advance(Duration.ofSeconds(4));
        assertThat(failures[0]).isEqualTo(3);
        assertThat(r.handled).containsExactlyElementsOf(allPositions());
        assertThat(desk.parkedEvents(ADMIN, "flaky")).isEmpty();
        assertThat(store.checkpoints().checkpoint("flaky")).isEqualTo(store.eventLog().head());
    }

    @Test
    void theCheckpointIsWrittenOncePerBatchAndAFailureMidBatchKeepsWhatWasHandledBeforeIt() {
        SupportDesk desk = desk(false);
        Recorder r = new Recorder("batched");
        List<Long> seenCheckpoints = new ArrayList<>();
        int[] failures = {0};
        r.hook = e -> {
            seenCheckpoints.add(store.checkpoints().checkpoint("batched"));
            if (e.position() == 40 && failures[0] == 0) {
                failures[0]++;
                throw new IllegalStateException("一時的な障害");
            }
        };
        desk.subscribe(r);
        Customer c = customer(desk, "U-batch");
        for (int i = 0; i < 30; i++) {
            open(desk, c, "問い合わせ " + i);
        }
        long head = store.eventLog().head();
        assertThat(head).isGreaterThan(40);
        desk.processEvents();
        // events 1..39 were handled with the checkpoint still at 0 (one write per batch, not per event) ...
        assertThat(seenCheckpoints.subList(0, 39)).containsOnly(0L);
        // ... and when 40 failed, the checkpoint was moved past the 39 handled ones, no further
        assertThat(store.checkpoints().checkpoint("batched")).isEqualTo(39);
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(r.handled).containsExactlyElementsOf(allPositions());
        assertThat(store.checkpoints().checkpoint("batched")).isEqualTo(head);
    }

    @Test
    void anInstanceWhoseCheckpointAnotherInstanceMovedOnStopsQuietlyAndNothingIsLeftUndelivered() {
        // two desks on one store, as two host instances: B works through the whole log while A handles event 1
        SupportDesk a = desk(false);
        SupportDesk b = desk(false);
        Recorder onA = new Recorder("tally");
        Recorder onB = new Recorder("tally");
        a.subscribe(onA);
        b.subscribe(onB);
        Customer c = customer(a, "U-1");
        open(a, c, "一件目");
        open(b, c, "二件目");
        List<Long> all = allPositions();
        onA.hook = e -> {
            if (e.position() == all.get(0)) {
                b.processEvents();
            }
        };
        a.processEvents();
        assertThat(onB.handled).containsExactlyElementsOf(all);
        assertThat(onA.handled).startsWith(all.get(0));
        assertThat(store.checkpoints().checkpoint("tally")).isEqualTo(store.eventLog().head());
        // A reads the moved checkpoint again: a new event is delivered once more in all, by whoever drains
        open(a, c, "三件目");
        int before = onA.handled.size() + onB.handled.size();
        a.processEvents();
        b.processEvents();
        assertThat(onA.handled.size() + onB.handled.size() - before).isEqualTo(allPositions().size() - all.size());
        assertThat(store.checkpoints().checkpoint("tally")).isEqualTo(store.eventLog().head());
    }

    @Test
    void retriesWaitForTheirBackoffEvenWhenOtherCommitsComeFirst() {
        SupportDesk desk = desk(true);
        Recorder r = new Recorder("slow");
        int[] failures = {0};
        r.hook = e -> {
            if (e.event() instanceof TicketCreated && failures[0]++ == 0) {
                throw new IllegalStateException("初回だけ失敗");
            }
        };
        desk.subscribe(r);
        Customer c = customer(desk, "U-1");
        open(desk, c, "一件目");
        int tried = r.attempts.size();
        open(desk, c, "二件目");
        assertThat(r.attempts).hasSize(tried);
        scheduler.advance(Duration.ofMillis(999));
        assertThat(r.attempts).hasSize(tried);
        scheduler.advance(Duration.ofMillis(1));
        assertThat(r.handled).containsExactlyElementsOf(allPositions());
    }

    @Test
    void aPoisonEventIsParkedWithItsErrorTheRestGoOnAndItCanBeRedelivered() {
        SupportDesk desk = desk(true);
        Recorder r = new Recorder("strict");
        boolean[] broken = {true};
        r.hook = e -> {
            if (broken[0] && e.event() instanceof TicketCreated tc && tc.firstMessage().body().contains("毒")) {
                throw new IllegalArgumentException("処理できない本文");
            }
        };
        desk.subscribe(r);
        Customer c = customer(desk, "U-1");
        Ticket poison = open(desk, c, "毒入りのメッセージ");
        for (int i = 0; i < 4; i++) {
            scheduler.advance(Duration.ofMinutes(1));
        }
        open(desk, c, "普通の問い合わせ");
        List<ParkedEvent> parked = desk.parkedEvents(ADMIN, "strict");
        assertThat(parked).hasSize(1);
        ParkedEvent p = parked.get(0);
        assertThat(p.type()).isEqualTo("desk.TicketCreated");
        assertThat(p.attempts()).isEqualTo(4);
        assertThat(p.error()).contains("IllegalArgumentException").contains("処理できない本文");
        List<Long> expected = new ArrayList<>(allPositions());
        expected.remove(Long.valueOf(p.position()));
        assertThat(r.handled).containsExactlyElementsOf(expected);
        assertThat(store.eventLog().read(p.position() - 1, 1).get(0).event())
            .isInstanceOfSatisfying(TicketCreated.class, tc -> assertThat(tc.ticketId()).isEqualTo(poison.id()));

        assertThatThrownBy(() -> desk.parkedEvents(Principal.agent(TENANT, AgentId.of("sato")), "strict"))
            .isInstanceOf(AccessDeniedException.class);
        broken[0] = false;
        assertThat(desk.redeliver(ADMIN, "strict", p.position())).isTrue();
        assertThat(desk.parkedEvents(ADMIN, "strict")).isEmpty();
        assertThat(r.handled).contains(p.position());
        assertThatThrownBy(() -> desk.redeliver(ADMIN, "strict", p.position())).isInstanceOf(NotFoundException.class);
    }

    @Test
    void deliverAfterHoldsSynchronousDeliveryBackUntilTheOutermostCallEnds() {
        SupportDesk desk = desk(true);
        Recorder r = new Recorder("after");
        desk.subscribe(r);
        Customer c = customer(desk, "U-1");
        int before = r.handled.size();
        List<Integer> seenInside = new ArrayList<>();
        Ticket t = desk.deliverAfter(() -> {
            Ticket first = open(desk, c, "一件目");
            desk.deliverAfter(() -> open(desk, c, "二件目"));
            seenInside.add(r.handled.size());
            return first;
        });
        assertThat(seenInside).containsExactly(before);
        assertThat(r.handled).containsExactlyElementsOf(allPositions());
        assertThat(t.id()).isNotNull();

        assertThatThrownBy(() -> desk.deliverAfter(() -> {
            open(desk, c, "三件目");
            throw new IllegalStateException("途中で失敗");
        })).hasMessage("途中で失敗");
        assertThat(r.handled).as("what was committed before the failure is delivered").containsExactlyElementsOf(
            allPositions());
        open(desk, c, "四件目");
        assertThat(r.handled).as("delivery after each commit again").containsExactlyElementsOf(allPositions());
    }

    @Test
    void parkingTheNewestEventOfTheLogLeavesTheCheckpointOnItAndThrowsNothing() {
        SupportDesk desk = desk(false);
        Customer c = customer(desk, "U-1");
        open(desk, c, "普通の問い合わせ");
        long last = store.eventLog().head();
        Recorder r = new Recorder("strict");
        r.hook = e -> {
            if (e.position() == last) {
                throw new IllegalStateException("最後のイベントだけ処理できない");
            }
        };
        desk.subscribe(r);
        for (int i = 0; i < 4; i++) {
            assertThatCode(desk::processEvents).doesNotThrowAnyException();
            scheduler.advance(Duration.ofMinutes(1));
        }
        assertThat(desk.parkedEvents(ADMIN, "strict")).extracting(ParkedEvent::position).containsExactly(last);
        assertThat(r.attempts).filteredOn(x -> x == last).hasSize(4);
        assertThat(store.checkpoints().checkpoint("strict")).isEqualTo(last);

        Ticket next = open(desk, c, "次の問い合わせ");
        assertThatCode(desk::processEvents).doesNotThrowAnyException();
        assertThat(r.handled).isNotEmpty().last().isEqualTo(store.eventLog().head());
        assertThat(next.id()).isNotNull();
    }

    @Test
    void eventsCommittedBeforeACrashAreDeliveredFromTheLogAfterTheRestart() {
        SupportDesk before = desk(false);
        Recorder first = new Recorder("outbox");
        before.subscribe(first);
        Customer c = customer(before, "U-1");
        open(before, c, "クラッシュ前の問い合わせ");
        before.reply(Principal.agent(TENANT, AgentId.of("sato")), open(before, c, "二件目").id(), "確認します");
        // the process dies here: committed, never delivered
        assertThat(first.handled).isEmpty();

        SupportDesk after = desk(true);
        Recorder second = new Recorder("outbox");
        after.subscribe(second);
        assertThat(second.handled).containsExactlyElementsOf(allPositions());
        open(after, c, "再起動後");
        assertThat(second.handled).containsExactlyElementsOf(allPositions());
    }

    @Test
    void aRestartedSubscriberResumesAfterItsCheckpoint() {
        SupportDesk first = desk(true);
        Recorder r1 = new Recorder("metrics");
        first.subscribe(r1);
        Customer c = customer(first, "U-1");
        open(first, c, "一件目");
        List<Long> seenBefore = List.copyOf(r1.handled);
        first.unsubscribe("metrics");
        open(first, c, "止まっている間");

        SupportDesk second = desk(true);
        Recorder r2 = new Recorder("metrics");
        second.subscribe(r2);
        List<Long> all = allPositions();
        assertThat(r2.handled).containsExactlyElementsOf(all.subList(seenBefore.size(), all.size()));
        assertThat(Set.copyOf(r1.handled)).doesNotContainAnyElementsOf(r2.handled);
    }

    @Test
    void aRedeliveredEventDoesNotRepeatTheStepItsSubscriberAlreadyCommitted() {
        SupportDesk desk = desk(true);
        Principal bot = desk.bot(TENANT, "faq");
        EventSubscriber autoReply = new EventSubscriber() {
            int calls;

            @Override
            public String name() {
                return "auto-reply";
            }

            @Override
            public void handle(EventEnvelope e) {
                if (e.event() instanceof TicketCreated tc) {
                    desk.reply(bot, tc.ticketId(), "自動応答: お問い合わせを受け付けました。");
                    if (calls++ == 0) {
                        throw new IllegalStateException("返信の後、チェックポイントの前に落ちた");
                    }
                }
            }
        };
        desk.subscribe(autoReply);
        Customer c = customer(desk, "U-1");
        Ticket t = open(desk, c, "返品したい");
        scheduler.advance(Duration.ofSeconds(1));
        List<Message> messages = desk.messages(ADMIN, t.id());
        assertThat(messages).extracting(Message::body)
            .containsExactly("返品したい", "自動応答: お問い合わせを受け付けました。");
        assertThat(store.checkpoints().checkpoint("auto-reply")).isEqualTo(store.eventLog().head());
    }

    @Test
    void subscriberNamesAreCheckedAndUnique() {
        SupportDesk desk = desk(true);
        desk.subscribe(new Recorder("sla"));
        assertThatThrownBy(() -> desk.subscribe(new Recorder("sla"))).isInstanceOf(ValidationException.class)
            .hasMessageContaining("already subscribed");
        assertThatThrownBy(() -> desk.subscribe(new Recorder("スラ"))).isInstanceOf(ValidationException.class);
        assertThatThrownBy(() -> desk.subscribe(new Recorder(""))).isInstanceOf(ValidationException.class);
    }

    @Test
    void aStepThatIsANoOpOnRedeliveryDoesNotMakeTheNextStepLookDone() {
        SupportDesk desk = desk(true);
        Principal system = desk.system(TENANT, "tagger");
        EventSubscriber tagger = new EventSubscriber() {
            int calls;

            @Override
            public String name() {
                return "tagger";
            }

            @Override
            public void handle(EventEnvelope e) {
                if (e.event() instanceof TicketCreated tc) {
                    desk.addTags(system, tc.ticketId(), "一次対応");
                    if (calls++ == 0) {
                        throw new IllegalStateException("一つ目の手順の後で落ちた");
                    }
                    desk.addTags(system, tc.ticketId(), "確認済み");
                }
            }
        };
        desk.subscribe(tagger);
        Customer c = customer(desk, "U-1");
        Ticket t = open(desk, c, "ポイントの件");
        scheduler.advance(Duration.ofSeconds(1));
        assertThat(desk.ticket(ADMIN, t.id()).tags()).containsExactlyInAnyOrder("一次対応", "確認済み");
    }

    @Test
    void aDeskStepOnAStepAFeedbackWriteOfAnEarlierVersionTookIsRefusedAsAMismatchNotAMissingTicket() {
        SupportDesk desk = desk(true);
        Principal system = desk.system(TENANT, "follow-up");
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        EventSubscriber followUp = new EventSubscriber() {
            int calls;

            @Override
            public String name() {
                return "follow-up";
            }

            @Override
            public void handle(EventEnvelope e) {
                if (!(e.event() instanceof TicketCreated tc)) {
                    return;
                }
                try {
                    if (calls++ == 0) {
                        // as a survey scheduled by an earlier version took its step: "<invitation>@<due>"
                        IdempotencyKey step = StepClaims.next(TENANT);
                        store.eventLog().append(List.of(), Map.of(step,
                            "0c5a0911-7339-8a47-8a1b-4794bf898465@2026-11-24T01:00:00Z"));
                        StepClaims.done();
                        throw new IllegalStateException("アンケートの後で落ちた");
                    }
                    desk.reply(system, tc.ticketId(), "アンケートをお送りしました");
                } catch (RuntimeException ex) {
                    failures.add(ex);
                    throw ex;
                }
            }
        };
        desk.subscribe(followUp);
        Customer c = customer(desk, "U-1");
        Ticket t = open(desk, c, "ポイントの件");
        scheduler.advance(Duration.ofMinutes(5));

        assertThat(failures).hasSizeGreaterThanOrEqualTo(2);
        assertThat(failures.get(1)).isInstanceOfSatisfying(HandlingStepMismatchException.class, ex -> {
            assertThat(ex.subscriber()).isEqualTo("follow-up");
            assertThat(ex.step()).isEqualTo(1);
        }).hasMessageContaining("step 1 of the handling of the event at position ")
            .hasMessageContaining("(a call that is not a desk step)")
            .hasMessageContaining("same calls in the same order on every delivery")
            .hasMessageNotContaining("0c5a0911");
        assertThat(desk.messages(ADMIN, t.id())).extracting(Message::body).containsExactly("ポイントの件");
    }
}
