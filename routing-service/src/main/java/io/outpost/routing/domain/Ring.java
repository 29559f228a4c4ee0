package io.outpost.routing.domain;

/**
 * One bullseye ring: who may take a case that has waited this long. Rings are cumulative: each
 * keeps what the inner ones allowed.
 *
 * @param number                0 (initial) .. 4 (supervisors)
 * @param minProficiency        proficiency every needed skill must have
 * @param optionalSkillsDropped optional skills are no longer needed
 * @param teamAgents            any agent of the case's queue's team qualifies, whatever their skills
 * @param supervisors           any supervisor qualifies, whatever their skills
 */
public record Ring(int number, int minProficiency, boolean optionalSkillsDropped, boolean teamAgents, boolean supervisors) {

    /** For explanations: "ring 1 (skills at proficiency 1+)". */
    public String describe() {
        StringBuilder d = new StringBuilder("ring ").append(number).append(" (skills at proficiency ")
                .append(minProficiency).append('+');
        if (optionalSkillsDropped) {
            d.append(", optional skills dropped");
        }
        if (teamAgents) {
            d.append(", or any agent of the queue's team");
        }
        if (supervisors) {
            d.append(", or any supervisor");
        }
        return d.append(')').toString();
    }
}
