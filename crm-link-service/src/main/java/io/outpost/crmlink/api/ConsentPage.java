package io.outpost.crmlink.api;

import io.quarkus.qute.TemplateData;
import java.util.List;

/**
 * What the consent page template renders (templates/ConsentPageResource/page.html): plain values
 * only, so the template decides nothing.
 *
 * @param handle      the social account, as the person knows it ("@dana on X")
 * @param customer    the customer record it would be linked to, masked; null when none is named
 * @param form        true while the request can still be answered (grant or decline per purpose)
 * @param notice      a confirmation after an answer or withdrawal, or null
 * @param error       what to fix in the form, or null
 */
@TemplateData
public record ConsentPage(String handle, String customer, String intro, String textVersion, String until, boolean form,
        List<Purpose> purposes, String answerAction, String withdrawAction, String keyword, String notice, String error) {

    /** One purpose: its name, what it means, and its status now. */
    @TemplateData
    public record Purpose(String name, String label, String description, String status, boolean withdrawable) {
    }
}
