package io.outpost.routing.api;

import java.util.List;

/**
 * One page of agents, ordered by username.
 *
 * @param items  the agents of this page
 * @param total  how many agents match the filter
 * @param offset the position of the first item
 * @param limit  the page size asked for
 */
public record AgentPage(List<AgentView> items, long total, int offset, int limit) {
}
