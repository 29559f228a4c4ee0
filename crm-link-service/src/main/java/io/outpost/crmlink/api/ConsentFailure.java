package io.outpost.crmlink.api;

import io.quarkus.qute.TemplateData;

/** The consent page's error page: the link is invalid, expired or used, or the answer cannot be recorded. */
@TemplateData
public record ConsentFailure(String title, String message) {
}
