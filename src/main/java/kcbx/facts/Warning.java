package kcbx.facts;

import java.util.Map;

/** The facts are thin or inconsistent: the decision says so instead of pretending all is well. */
public final class Warning implements Explainable {
    private final String code;
    private final String field;
    private final String message;

    public Warning(String code, String field, String message) {
        this.code = code;
        this.field = field;
        this.message = message;
    }

    /**
     * Raised by a rule: the registry says the child left (流失, 转出, 休学) but the child is in class
     * (人籍不一致). The decision follows the attendance and says so.
     */
    public static Warning registryContradictsAttendance(String message) {
        return new Warning("REGISTRY_CONTRADICTS_ATTENDANCE", "student.registryStatus", message);
    }

    /** Raised by a rule: the registry says 其他 (99) without the reason zhongyang 二(三) requires. */
    public static Warning otherLeaveReasonMissing(String message) {
        return new Warning("OTHER_LEAVE_REASON_MISSING", "student.otherLeaveReason", message);
    }

    /** Raised by a rule: a move to secondary vocational school before grade 9 is complete (rongchang 四(四)). */
    public static Warning vocationalTransferBeforeCompletion(String message) {
        return new Warning("VOCATIONAL_TRANSFER_BEFORE_COMPLETION", "student.vocationalTransferRequested", message);
    }

    public String getCode() { return code; }
    public String getField() { return field; }
    public String getMessage() { return message; }

    @Override
    public Map<String, String> explain() {
        return Map.of("code", code);
    }
}
