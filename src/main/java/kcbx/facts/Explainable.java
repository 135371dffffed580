package kcbx.facts;

import java.util.Map;

/**
 * A fact that can say, in a few readable values, what a rule matched in it. Explanations are
 * stored with every decision and shown to auditors, so a fact lists only what rules test and
 * never a name or a national ID. A fact type without this is explained by its type alone.
 */
public interface Explainable {

    /** Field name to value, in a fixed order (the explanation is part of a reproducible decision). */
    Map<String, String> explain();
}
