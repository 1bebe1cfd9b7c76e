package io.madoguchi.core.sla;

import static io.madoguchi.core.sla.SlaHarness.TENANT;
import static io.madoguchi.core.sla.SlaHarness.T0;
import static io.madoguchi.core.sla.SlaHarness.id;
import static io.madoguchi.core.sla.SlaHarness.ticket;
import static java.time.Duration.ofHours;
import static java.time.Duration.ofMinutes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.madoguchi.core.ConflictException;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.ValidationException;
import io.madoguchi.core.Violation;
import io.madoguchi.core.ticket.TicketStatus;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link SlaInput.Resumed}: tracking a ticket again from its own timeline, as for a ticket created before the
 * engine was attached or one whose state the engine forgot.
 */
class SlaResumeTest {

    private static final SlaPolicy POLICY = SlaPolicy.builder("標準")
        .target(SlaMetric.FIRST_REPLY_TIME, ofHours(1), SlaPolicy.Hours.CALENDAR)
        .target(SlaMetric.NEXT_REPLY_TIME, ofHours(2), SlaPolicy.Hours.CALENDAR)
        .target(SlaMetric.REQUESTER_WAIT_TIME, ofHours(6), SlaPolicy.Hours.CALENDAR)
        .target(SlaMetric.TOTAL_RESOLUTION_TIME, ofHours(24), SlaPolicy.Hours.CALENDAR)
        .build();

    /** Reply after 10 minutes, pending for 3 hours, the customer writes back (the desk reopens the ticket). */
    private static List<SlaInput> since(String ticket) {
        return List.of(
            new SlaInput.AgentReply(TENANT, id(ticket), T0.plus(ofMinutes(10))),
            new SlaInput.StatusChanged(TENANT, id(ticket), TicketStatus.PENDING, T0.plus(ofMinutes(10))),
            new SlaInput.CustomerMessage(TENANT, id(ticket), T0.plus(ofMinutes(190))),
            new SlaInput.StatusChanged(TENANT, id(ticket), TicketStatus.OPEN, T0.plus(ofMinutes(190))));
    }

    @Test
    void aResumedTicketHasTheCyclesOfOneTrackedAllAlong() {
        SlaHarness h = new SlaHarness(List.of(POLICY));
        h.engine.apply(new SlaInput.Created(ticket("T-live"), T0));
        since("T-live").forEach(h.engine::apply);
        h.advanceTo(T0.plus(ofMinutes(200)));
        h.events.clear();

        h.engine.apply(new SlaInput.Resumed(new SlaInput.Created(ticket("T-resumed"), T0), since("T-resumed")));

        assertThat(h.engine.cycles(TENANT, id("T-resumed"))).isEqualTo(h.engine.cycles(TENANT, id("T-live")));
        assertThat(h.last("T-resumed", SlaMetric.REQUESTER_WAIT_TIME).dueAt()).as("6 hours without the pending 3")
            .isEqualTo(T0.plus(ofHours(9)));
        assertThat(h.engine.policyHistory(TENANT, id("T-resumed")))
            .containsExactly(new PolicyApplication(T0, "標準"));
        // only the state tracking resumes with is announced: the first reply's stop was not seen live
        assertThat(h.events).extracting(e -> e.getClass().getSimpleName() + " " + e.at())
            .containsExactly("PolicyApplied " + T0.plus(ofMinutes(190)),
                "CycleStarted " + T0,
                "CycleStarted " + T0,
                "CycleStarted " + T0.plus(ofMinutes(190)));
        assertThat(h.events(SlaEvent.CycleStarted.class)).extracting(SlaEvent.CycleStarted::metric)
            .containsExactly(SlaMetric.REQUESTER_WAIT_TIME, SlaMetric.TOTAL_RESOLUTION_TIME,
                SlaMetric.NEXT_REPLY_TIME);
    }

    @Test
    void aBreachFiredBeforeTheTicketWasForgottenDoesNotFireAgainWhenItResumes() {
        SlaHarness h = new SlaHarness(List.of(POLICY), b -> b.warningLeads());
        h.engine.apply(new SlaInput.Created(ticket("T-1"), T0));
        h.advanceTo(T0.plus(ofMinutes(90)));
        assertThat(h.events(SlaEvent.Breached.class)).singleElement()
            .satisfies(b -> assertThat(b.metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME));
        h.engine.forget(TENANT, id("T-1"));

        h.engine.apply(new SlaInput.Resumed(new SlaInput.Created(ticket("T-1"), T0),
            List.of(new SlaInput.CustomerMessage(TENANT, id("T-1"), h.now()))));
        h.engine.fireDue();

        assertThat(h.events(SlaEvent.Breached.class)).hasSize(1);
        assertThat(h.engine.isBreached(TENANT, id("T-1"))).isTrue();
        assertThat(h.engine.dueBefore(T0.plus(ofHours(2)))).isEmpty();
    }

    @Test
    void aBreachThatFellDueWhileTheTicketWasUntrackedFiresWithItsOwnDueInstant() {
        SlaHarness h = new SlaHarness(List.of(POLICY), b -> b.warningLeads());
        h.advanceTo(T0.plus(ofHours(3)));

        h.engine.apply(new SlaInput.Resumed(new SlaInput.Created(ticket("T-1"), T0),
            List.of(new SlaInput.CustomerMessage(TENANT, id("T-1"), h.now()))));
        h.engine.fireDue();

        assertThat(h.events(SlaEvent.Breached.class)).singleElement().satisfies(b -> {
            assertThat(b.metric()).isEqualTo(SlaMetric.FIRST_REPLY_TIME);
            assertThat(b.at()).isEqualTo(T0.plus(ofHours(1)));
        });
    }

    @Test
    void aTrackedTicketIsNotResumedAndARedeliveredResumeChangesNothing() {
        SlaHarness h = new SlaHarness(List.of(POLICY));
        SlaInput.Resumed resume = new SlaInput.Resumed(new SlaInput.Created(ticket("T-1"), T0), since("T-1"));
        h.advanceTo(T0.plus(ofMinutes(200)));

        assertThat(h.engine.apply(resume, 7)).isTrue();
        List<SlaCycle> cycles = h.engine.cycles(TENANT, id("T-1"));
        assertThat(h.engine.apply(resume, 7)).as("a redelivery").isFalse();
        assertThatThrownBy(() -> h.engine.apply(resume)).isInstanceOf(ConflictException.class);
        assertThat(h.engine.cycles(TENANT, id("T-1"))).isEqualTo(cycles);
    }

    @Test
    void aTimelineOutOfOrderOrOfAnotherTicketIsRefusedNamingIt() {
        SlaInput.Created created = new SlaInput.Created(ticket("T-1"), T0);
        List<List<SlaInput>> bad = List.of(
            List.of(new SlaInput.CustomerMessage(TENANT, id("T-1"), T0.minusSeconds(1))),
            List.of(new SlaInput.AgentReply(TENANT, id("T-1"), T0.plus(ofHours(2))),
                new SlaInput.CustomerMessage(TENANT, id("T-1"), T0.plus(ofHours(1)))),
            List.of(new SlaInput.CustomerMessage(TENANT, id("T-2"), T0.plus(ofHours(1)))),
            List.of(new SlaInput.CustomerMessage(TenantId.of("other"), id("T-1"), T0.plus(ofHours(1)))),
            List.of(new SlaInput.Created(ticket("T-1"), T0.plus(ofHours(1)))));
        List<String> problems = new ArrayList<>();
        for (List<SlaInput> since : bad) {
            assertThatThrownBy(() -> new SlaInput.Resumed(created, since))
                .isInstanceOfSatisfying(ValidationException.class, e -> {
                    assertThat(e.violations()).extracting(Violation::field).containsExactly("since");
                    problems.add(e.violations().get(0).message());
                });
        }
        assertThat(problems).hasSize(5).doesNotHaveDuplicates();
        assertThat(new SlaInput.Resumed(created, List.of()).at()).isEqualTo(T0);
        assertThat(new SlaInput.Resumed(created, since("T-1")).at()).isEqualTo(T0.plus(ofMinutes(190)));
    }
}
