package kcbx.ruleset;

/** One publication of a rule set version: who made it active, when, why, and what it replaced. */
public record PublicationRecord(long id, String version, String previousVersion, long publishedAtMs,
                                String publishedBy, String reason, int scenariosRun, int scenariosPassed) {
}
