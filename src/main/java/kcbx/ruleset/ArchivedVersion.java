package kcbx.ruleset;

/** A rule set version kept in the archive: when it was first stored, from where, and a note. */
public record ArchivedVersion(String version, long createdAtMs, int fileCount, String origin, String note) {
}
