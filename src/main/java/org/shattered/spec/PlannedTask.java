package org.shattered.spec;

/**
 * One task of a sweep: its parameters plus the beta label it was planned from (a constant or a
 * rule such as "1/sqrt(depth)"; null where the architecture has no beta).
 *
 * @param spec the task's parameters
 * @param betaRule label of the beta axis value, or null
 */
public record PlannedTask(TaskSpec spec, String betaRule) implements java.io.Serializable {
}
