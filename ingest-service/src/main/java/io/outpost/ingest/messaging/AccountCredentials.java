package io.outpost.ingest.messaging;

import java.net.URI;

/** What a send is authorised with, resolved for the sending account just before the call; never printed. */
public sealed interface AccountCredentials {

    /** X and Meta: the account's access token, sent as {@code Authorization: Bearer …}. */
    record BearerToken(String token) implements AccountCredentials {
        @Override
        public String toString() {
            return "BearerToken[redacted]";
        }
    }

    /** A forum: its integration's endpoint and the secret each POST is signed with. */
    record ForumSigning(URI endpoint, String secret) implements AccountCredentials {
        @Override
        public String toString() {
            return "ForumSigning[endpoint=" + endpoint + ", secret redacted]";
        }
    }
}
