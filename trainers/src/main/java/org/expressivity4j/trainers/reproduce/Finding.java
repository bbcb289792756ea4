package org.expressivity4j.trainers.reproduce;

/**
 * What a run says about one claim.
 *
 * @param ours    our number(s) in words, with their uncertainty where there is one
 * @param verdict the verdict its rule gives
 */
record Finding(String ours, Verdict verdict) {

    static Finding notRun(String why) {
        return new Finding(why, Verdict.NOT_RUN);
    }
}
