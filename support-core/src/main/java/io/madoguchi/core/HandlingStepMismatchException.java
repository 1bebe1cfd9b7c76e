package io.madoguchi.core;

import static java.util.Objects.requireNonNull;

/**
 * A durable subscriber's handling of a redelivered event made a call whose step an earlier delivery of the same event
 * had taken with another kind of call: for example a desk reply on the step a survey request took, or a survey
 * request on the step a desk reply took. Each call of a handling that takes a step (a desk step, or a feedback write
 * such as {@code Surveys.request}) holds the claim of the next step number, and a redelivery is kept from repeating a
 * call only by finding that call's claim at the same number; a handling whose calls differ from one delivery to the
 * next (a call made on one delivery only, or calls in another order) would otherwise skip a call or repeat one.
 * Nothing was written by the refused call; the event stays failed (retried, then parked). A handling must make the
 * same calls in the same order on every delivery: decide from the event, not from state that changes between
 * deliveries, and make a call that is to be skipped take its step all the same (the feedback calls do this
 * themselves: {@code Surveys.request} takes its step whether it schedules or is throttled).
 *
 * <p>Not a {@link ConflictException}: trying the call again cannot succeed, as a stale version's can; the handling's
 * code must change. The message names the subscriber, the event's position and the step's number, and what kind of
 * call took the step; never a customer's data.
 */
public class HandlingStepMismatchException extends MadoguchiException {

    private static final long serialVersionUID = 1L;

    /** The subscriber whose handling it was. */
    private final String subscriber;
    /** The position of the event handled. */
    private final long position;
    /** The step's number within the handling, from 1. */
    private final int step;

    /**
     * @param subscriber the subscriber's name
     * @param position the position of the event it handles
     * @param step the step's number within the handling, from 1
     * @param call what kind of call this delivery made on the step (for example {@code "a desk step"})
     * @param takenBy what kind of call an earlier delivery made on it (for example {@code "a survey request"})
     */
    public HandlingStepMismatchException(String subscriber, long position, int step, String call, String takenBy) {
        super("step " + step + " of the handling of the event at position " + position + " by subscriber "
            + requireNonNull(subscriber, "subscriber") + " was taken by another kind of call on an earlier delivery ("
            + requireNonNull(takenBy, "takenBy") + "), where this delivery made " + requireNonNull(call, "call")
            + "; nothing was written. A handling must make the same calls in the same order on every delivery, so "
            + "that each call finds its own step done");
        this.subscriber = subscriber;
        this.position = position;
        this.step = step;
    }

    /** @return the name of the subscriber whose handling it was */
    public String subscriber() {
        return subscriber;
    }

    /** @return the position of the event handled */
    public long position() {
        return position;
    }

    /** @return the step's number within the handling, from 1 */
    public int step() {
        return step;
    }
}
