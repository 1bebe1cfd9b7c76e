package io.madoguchi.channels.line;

import io.madoguchi.core.Principal;
import io.madoguchi.core.SupportDesk;
import io.madoguchi.core.event.EventEnvelope;
import io.madoguchi.core.event.EventSubscriber;
import io.madoguchi.core.event.TicketCreated;

/** A subscriber that answers every new ticket at once, as a bot or automation on the committing thread would. */
final class AutoAnswer implements EventSubscriber {
    private final SupportDesk desk;
    private final Principal agent;

    AutoAnswer(SupportDesk desk, Principal agent) {
        this.desk = desk;
        this.agent = agent;
    }

    @Override
    public String name() {
        return "auto-answer";
    }

    @Override
    public void handle(EventEnvelope e) {
        if (e.event() instanceof TicketCreated c) {
            desk.reply(agent, c.ticketId(), "お問い合わせありがとうございます。担当者が確認いたします。");
        }
    }
}
