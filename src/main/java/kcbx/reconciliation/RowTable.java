package kcbx.reconciliation;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import kcbx.facts.NationalId;
import kcbx.facts.RegistryList;
import kcbx.facts.RegistryRow;

/**
 * The rows of a reconciliation's lists, kept column by column in primitive arrays so that four
 * lists of 200,000 rows fit in a small heap (about 40 bytes a row plus the refs sent). A valid
 * national ID is kept as the number of its first 17 digits: the 18th follows from them.
 * Repeated texts (school, township, village) are stored once.
 */
final class RowTable {
    static final long NO_KEY = -1;
    private static final int NO_DATE = Integer.MIN_VALUE;

    private int size;
    private byte[] list = new byte[1024];
    private int[] index = new int[1024];
    private long[] key = new long[1024];
    private int[] birth = new int[1024];
    private byte[] gender = new byte[1024];
    private byte[] grade = new byte[1024];
    private int[] school = new int[1024];
    private int[] township = new int[1024];
    private int[] village = new int[1024];
    private String[] ref = new String[1024];
    /** Rows whose ID cannot be matched: why, and the masked ID. Few, so a map. */
    private final Map<Integer, String[]> invalid = new HashMap<>();
    private final Map<String, Integer> textCodes = new HashMap<>();
    private final List<String> texts = new ArrayList<>();
    private final Map<RegistryList, Integer> counts = new EnumMap<>(RegistryList.class);

    void add(RegistryList l, int i, String rowRef, String nationalId, LocalDate birthDate, String sex, Integer gr,
             String schoolId, String townshipName, String villageName) {
        grow();
        int r = size++;
        list[r] = (byte) l.ordinal();
        index[r] = i;
        ref[r] = rowRef;
        String problem = idProblem(nationalId);
        if (problem == null) {
            key[r] = Long.parseLong(nationalId.substring(0, 17));
        } else {
            key[r] = NO_KEY;
            invalid.put(r, new String[] {problem, nationalId == null ? null : NationalId.mask(nationalId)});
        }
        birth[r] = birthDate == null ? NO_DATE : (int) birthDate.toEpochDay();
        gender[r] = (byte) (sex == null ? 0 : sex.equals("MALE") ? 1 : 2);
        grade[r] = (byte) (gr == null ? 0 : gr);
        school[r] = code(schoolId);
        township[r] = code(townshipName);
        village[r] = code(villageName);
        counts.merge(l, 1, Integer::sum);
    }

    int size() {
        return size;
    }

    long key(int r) {
        return key[r];
    }

    /** Where a row sorts: by list, then position in the list, whatever order the lists came in. */
    long position(int r) {
        return ((long) list[r] << 30) | index[r];
    }

    int count(RegistryList l) {
        return counts.getOrDefault(l, 0);
    }

    /** The row as the rules see it. */
    RegistryRow row(int r) {
        String[] bad = invalid.get(r);
        return new RegistryRow(RegistryList.values()[list[r]], index[r], ref[r], bad == null ? null : bad[0],
                bad == null ? null : bad[1], birth[r] == NO_DATE ? null : LocalDate.ofEpochDay(birth[r]),
                gender[r] == 0 ? null : gender[r] == 1 ? "MALE" : "FEMALE", text(school[r]),
                grade[r] == 0 ? null : (int) grade[r], text(township[r]), text(village[r]));
    }

    /** The full 18-character ID of a valid key. */
    static String nationalId(long k) {
        char[] digits = new char[18];
        long rest = k;
        for (int i = 16; i >= 0; i--) {
            digits[i] = (char) ('0' + rest % 10);
            rest /= 10;
        }
        digits[17] = NationalId.checkCharacter(new String(digits, 0, 17));
        return new String(digits);
    }

    /** Why an ID cannot be matched, in the words of a reason (身份证号……), or null when it is valid. */
    static String idProblem(String id) {
        if (id == null || id.isBlank()) {
            return "缺失";
        }
        return NationalId.problem(id).map(p -> switch (p) {
            case "must have 18 characters" -> "不是18位";
            case "holds no valid birth date (digits 7-14)" -> "中的出生日期（第7-14位）不存在";
            case "fails the GB 11643 check digit" -> "校验位错误（GB 11643）";
            default -> "含有数字和末位X以外的字符";
        }).orElse(null);
    }

    private int code(String text) {
        if (text == null) {
            return -1;
        }
        return textCodes.computeIfAbsent(text, t -> {
            texts.add(t);
            return texts.size() - 1;
        });
    }

    private String text(int code) {
        return code < 0 ? null : texts.get(code);
    }

    private void grow() {
        if (size < list.length) {
            return;
        }
        int n = list.length * 2;
        list = Arrays.copyOf(list, n);
        index = Arrays.copyOf(index, n);
        key = Arrays.copyOf(key, n);
        birth = Arrays.copyOf(birth, n);
        gender = Arrays.copyOf(gender, n);
        grade = Arrays.copyOf(grade, n);
        school = Arrays.copyOf(school, n);
        township = Arrays.copyOf(township, n);
        village = Arrays.copyOf(village, n);
        ref = Arrays.copyOf(ref, n);
    }
}
