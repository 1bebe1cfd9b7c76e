package io.madoguchi.core.feedback;

import io.madoguchi.core.AgentId;
import io.madoguchi.core.Channel;
import io.madoguchi.core.CustomerId;
import io.madoguchi.core.GroupId;
import io.madoguchi.core.TenantId;
import io.madoguchi.core.TicketId;
import io.madoguchi.core.feedback.text.TextAnalysis;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A recorded survey response, linked to ticket, agent, group, channel and time.
 *
 * @param id the response's id
 * @param invitationId the invitation answered
 * @param tenant the tenant
 * @param surveyId the survey
 * @param trigger why the survey was sent
 * @param ticket the ticket, absent for relationship surveys
 * @param customer the customer who answered
 * @param agent the ticket's agent, if any
 * @param group the ticket's group, if any
 * @param channel the channel
 * @param answeredAt when it was answered
 * @param answers the answers
 * @param comment the free comment, if any
 * @param reason the reason code, if any
 * @param analysis analysis of the comment and text answers, when there was text
 */
public record SurveyResponse(String id, String invitationId, TenantId tenant, String surveyId, SurveyTrigger trigger,
                             @Nullable TicketId ticket, CustomerId customer, @Nullable AgentId agent,
                             @Nullable GroupId group, Channel channel, Instant answeredAt, List<Answer> answers,
                             @Nullable String comment, @Nullable String reason, @Nullable TextAnalysis analysis) {

    /**
     * Copies the answers.
     *
     * @param id the response's id
     * @param invitationId the invitation answered
     * @param tenant the tenant
     * @param surveyId the survey
     * @param trigger why the survey was sent
     * @param ticket the ticket, absent for relationship surveys
     * @param customer the customer who answered
     * @param agent the ticket's agent, if any
     * @param group the ticket's group, if any
     * @param channel the channel
     * @param answeredAt when it was answered
     * @param answers the answers
     * @param comment the free comment, if any
     * @param reason the reason code, if any
     * @param analysis analysis of the comment and text answers, when there was text
     */
    public SurveyResponse {
        answers = List.copyOf(answers);
    }

    /**
     * The scores of this response. An answer counts only when it has a score and the survey has it as a scored
     * question with that score on its scale; anything else (for example a score on a free-text question, which
     * older versions accepted and stored) is left out rather than failing, so one such response cannot break the
     * statistics of its whole tenant.
     *
     * @param survey the survey answered (for question kinds and scales)
     * @return one scored response per CSAT, NPS or CES answer
     */
    public List<ScoredResponse> scores(SurveyDefinition survey) {
        List<ScoredResponse> out = new ArrayList<>();
        for (Answer a : answers) {
            Integer score = a.score();
            if (score == null) {
                continue;
            }
            Optional<Question> q = survey.find(a.questionId());
            if (q.isEmpty() || !q.get().takes(score)) {
                continue;
            }
            out.add(new ScoredResponse(q.get().kind(), score, q.get().max(), channel, agent, group, answeredAt));
        }
        return List.copyOf(out);
    }

    /** @return the analysis of the text, if there was text */
    public Optional<TextAnalysis> textAnalysis() {
        return Optional.ofNullable(analysis);
    }

    @Override
    public String toString() {
        return "SurveyResponse[id=" + id + ", ticket=" + ticket + ", customer=" + customer + ", survey=" + surveyId
            + ", answers=" + answers.size() + ", answeredAt=" + answeredAt + "]";
    }
}
