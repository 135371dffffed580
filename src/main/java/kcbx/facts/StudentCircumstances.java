package kcbx.facts;

/**
 * The student facts added for issue 14 (key area, 初三分流, make-up class, the reason of an 其他
 * status), kept apart so the student's constructor does not grow a parameter per clause.
 */
public record StudentCircumstances(boolean keyArea, boolean vocationalTransferRequested, boolean makeUpClass,
                                   String otherLeaveReason) {
    public static final StudentCircumstances NONE = new StudentCircumstances(false, false, false, null);
}
