package io.madoguchi.core.feedback;

/** Why an invitation was created. */
public enum SurveyTrigger {
    /** A ticket was solved. */
    ON_SOLVE,
    /** The periodic relationship survey (NPS) for a customer came due. */
    RELATIONSHIP,
    /** The host application asked for it explicitly. */
    API
}
