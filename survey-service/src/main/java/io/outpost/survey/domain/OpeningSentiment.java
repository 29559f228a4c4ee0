package io.outpost.survey.domain;

/**
 * The sentiment bucket of a case's opening post. Social cases mostly open negative, so NPS is
 * compared within a bucket (like with like) rather than across them.
 */
public enum OpeningSentiment {
    NEGATIVE, NEUTRAL, POSITIVE
}
