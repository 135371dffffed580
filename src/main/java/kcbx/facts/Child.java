package kcbx.facts;

import java.time.LocalDate;
import java.time.Period;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One child of a reconciliation: every row, over all lists, that carries the same valid national
 * ID. Which lists the child is on is read off the rows; what follows from that is for the rules.
 * Birth date and gender are those inside the ID (GB 11643), which a checksum protects; a row that
 * says otherwise is the row's problem.
 */
public final class Child {
    private final String nationalId;
    private final LocalDate birthDate;
    private final String gender;
    private final List<RegistryRow> rows;
    private final Map<RegistryList, List<RegistryRow>> byList = new EnumMap<>(RegistryList.class);

    public Child(String nationalId, LocalDate birthDate, String gender, List<RegistryRow> rows) {
        this.nationalId = nationalId;
        this.birthDate = birthDate;
        this.gender = gender;
        this.rows = List.copyOf(rows);
        for (RegistryRow r : this.rows) {
            byList.computeIfAbsent(r.getList(), l -> new ArrayList<>()).add(r);
        }
    }

    /**
     * Completed years on {@code date}. A 29 February birthday falls on 1 March in a common year
     * (java.time's reckoning), so such a child turns 6 on 1 March, not 28 February.
     */
    public int ageOn(LocalDate date) {
        return date.isBefore(birthDate) ? -1 : Period.between(birthDate, date).getYears();
    }

    public boolean isOnHouseholdRegistry() { return byList.containsKey(RegistryList.HOUSEHOLD); }
    public boolean isOnSchoolRegistry() { return byList.containsKey(RegistryList.SCHOOL_REGISTRY); }
    public boolean isInSchool() { return byList.containsKey(RegistryList.IN_SCHOOL); }
    public boolean isOnPovertyRegister() { return byList.containsKey(RegistryList.POVERTY); }

    /** Lists that hold this ID on more than one row. */
    public List<RegistryList> getDuplicatedLists() {
        List<RegistryList> out = new ArrayList<>();
        byList.forEach((list, rs) -> {
            if (rs.size() > 1) {
                out.add(list);
            }
        });
        return out;
    }

    public List<RegistryRow> rowsOf(RegistryList list) {
        return byList.getOrDefault(list, List.of());
    }

    /** The schools the registry names and the schools the child is found in share none (both named). */
    public boolean isInSchoolElsewhere() {
        Set<String> registered = schools(RegistryList.SCHOOL_REGISTRY);
        Set<String> attending = schools(RegistryList.IN_SCHOOL);
        if (registered.isEmpty() || attending.isEmpty()) {
            return false;
        }
        return attending.stream().noneMatch(registered::contains);
    }

    public String getRegisteredSchools() {
        return String.join("、", schools(RegistryList.SCHOOL_REGISTRY));
    }

    public String getAttendingSchools() {
        return String.join("、", schools(RegistryList.IN_SCHOOL));
    }

    private Set<String> schools(RegistryList list) {
        Set<String> s = new LinkedHashSet<>();
        for (RegistryRow r : rowsOf(list)) {
            if (r.getSchoolId() != null) {
                s.add(r.getSchoolId());
            }
        }
        return s;
    }

    /** "户籍、脱贫户适龄儿童名单": the lists the child is on, for reasons. */
    public String getListsLabel() {
        Set<RegistryList> lists = EnumSet.noneOf(RegistryList.class);
        lists.addAll(byList.keySet());
        return String.join("、", lists.stream().map(RegistryList::label).toList());
    }

    /** The first row in list order: where a finding about the whole child is sorted and routed from. */
    public RegistryRow firstRow() {
        for (RegistryList l : RegistryList.values()) {
            List<RegistryRow> rs = byList.get(l);
            if (rs != null) {
                return rs.get(0);
            }
        }
        throw new IllegalStateException("a child has at least one row");
    }

    public String getNationalId() { return nationalId; }
    public LocalDate getBirthDate() { return birthDate; }
    public String getGender() { return gender; }
    public List<RegistryRow> getRows() { return rows; }
}
