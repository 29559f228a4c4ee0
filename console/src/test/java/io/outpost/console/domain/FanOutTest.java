package io.outpost.console.domain;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.outpost.contracts.EventTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class FanOutTest {

    static final ObjectMapper JSON = new ObjectMapper();
    static final String CASE = "0b7c1a10-0000-4000-8000-000000000001";

    static JsonNode json(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Test
    void anOfferGoesToTheOfferedAgentOnly() throws Exception {
        List<FanOut.Delivery> d = FanOut.route(EventTypes.OFFER_MADE,
                json("{\"caseId\":\"" + CASE + "\",\"agentUsername\":\"jo\",\"autoAccept\":false}"));
        assertThat(d).containsExactly(new FanOut.Delivery(new FanOut.User("jo"), FanOut.OFFERS_CHANGED, CASE));
    }

    @Test
    void anAutoAcceptedOfferOpensTheCaseAndRefreshesTheInbox() throws Exception {
        List<FanOut.Delivery> d = FanOut.route(EventTypes.OFFER_MADE,
                json("{\"caseId\":\"" + CASE + "\",\"agentUsername\":\"jo\",\"autoAccept\":true}"));
        assertThat(d).extracting(FanOut.Delivery::event)
                .containsExactly(FanOut.OFFERS_CHANGED, FanOut.OPEN_CASE, FanOut.INBOX_CHANGED);
        assertThat(d).allMatch(x -> x.audience().equals(new FanOut.User("jo")));
    }

    @Test
    void anEndedOfferRefreshesTheAgentsOffersAndOnAcceptanceTheirInbox() throws Exception {
        assertThat(FanOut.route(EventTypes.OFFER_ENDED, json("{\"caseId\":\"" + CASE + "\",\"agentUsername\":\"jo\",\"outcome\":\"lapsed\"}")))
                .extracting(FanOut.Delivery::event).containsExactly(FanOut.OFFERS_CHANGED);
        assertThat(FanOut.route(EventTypes.OFFER_ENDED, json("{\"caseId\":\"" + CASE + "\",\"agentUsername\":\"jo\",\"outcome\":\"accepted\"}")))
                .extracting(FanOut.Delivery::event).containsExactly(FanOut.OFFERS_CHANGED, FanOut.INBOX_CHANGED);
    }

    @Test
    void anOfferWithoutAnAgentLoginReachesNobody() throws Exception {
        assertThat(FanOut.route(EventTypes.OFFER_MADE, json("{\"caseId\":\"" + CASE + "\"}"))).isEmpty();
    }

    @Test
    void anAssignmentReachesTheAgentEveryInboxAndTheCasesViewers() throws Exception {
        List<FanOut.Delivery> d = FanOut.route(EventTypes.ASSIGNMENT_CREATED,
                json("{\"caseId\":\"" + CASE + "\",\"agentUsername\":\"jo\"}"));
        assertThat(d).containsExactly(
                new FanOut.Delivery(new FanOut.User("jo"), FanOut.INBOX_CHANGED, CASE),
                new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, CASE),
                new FanOut.Delivery(new FanOut.CaseViewers(CASE), "case-" + CASE + "-changed", CASE));
    }

    @Test
    void everyCaseEventIncludingOnesNotYetInTheCatalogReachesTheCasesViewersAndTheInboxes() throws Exception {
        for (String type : List.of(EventTypes.CASE_UPDATED, EventTypes.CASE_OPENED, EventTypes.CASE_RESOLVED,
                EventTypes.CASE_SLA_BREACHED, "io.outpost.case.post-added.v1")) {
            assertThat(FanOut.route(type, json("{\"caseId\":\"" + CASE + "\"}"))).as(type).containsExactly(
                    new FanOut.Delivery(new FanOut.CaseViewers(CASE), FanOut.caseChanged(CASE), CASE),
                    new FanOut.Delivery(new FanOut.InboxViewers(), FanOut.INBOX_CHANGED, CASE));
        }
    }

    @Test
    void otherEventsReachNobody() throws Exception {
        assertThat(FanOut.route(EventTypes.POST_INGESTED, json("{\"caseId\":\"" + CASE + "\"}"))).isEmpty();
        assertThat(FanOut.route(null, json("{}"))).isEmpty();
        assertThat(FanOut.route(EventTypes.CASE_UPDATED, json("{}"))).isEmpty();
    }
}
