package io.outpost.system;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * Many HTTP requests at once with a bounded number in flight, each answer kept with its request,
 * so a sweep of thousands of requests takes seconds and every odd answer can be reported.
 */
final class Exchanges {

    /** One request; {@code marker} is a unique string inside the body (or null) to find its writes by. */
    record Call(String label, String method, String url, Map<String, String> headers, byte[] body, String marker) {

        /** What is kept of a request once sent: bodies of thousands of requests would not fit in the heap. */
        Sent sent() {
            return new Sent(label, method, url, body == null ? 0 : body.length, snippet(body), marker);
        }

        private static String snippet(byte[] body) {
            if (body == null || body.length == 0) {
                return "(no body)";
            }
            String text = new String(body, 0, Math.min(body.length, 160), StandardCharsets.UTF_8)
                    .replaceAll("\\p{Cntrl}", "\u00b7");
            return body.length > 160 ? text + "... (" + body.length + " bytes)" : text;
        }
    }

    record Sent(String label, String method, String url, int bodyLength, String bodySnippet, String marker) {
    }

    /** The answer: status, or -1 with {@code error} when the connection gave no answer. */
    record Outcome(Sent call, int status, String contentType, String responseSnippet, String error) {

        boolean is5xx() {
            return status >= 500;
        }

        boolean is2xx() {
            return status >= 200 && status < 300;
        }

        String describe() {
            String url = call.url().length() > 200 ? call.url().substring(0, 200) + "..." : call.url();
            return String.format("%s %s -> %s%s%n      request body: %s%n      response: %s", call.method(), url,
                    status < 0 ? "no answer" : status, error == null ? "" : " (" + error + ")", call.bodySnippet(),
                    responseSnippet);
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private Exchanges() {
    }

    /** Sends one call on the calling thread. */
    static Outcome send(Call call) {
        try {
            return outcome(call, HTTP.send(request(call), HttpResponse.BodyHandlers.ofString()), null);
        } catch (java.io.IOException e) {
            return outcome(call, null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return outcome(call, null, e);
        }
    }

    /** The whole body of a GET answered 2xx, else null. */
    static String fetch(String url, String bearer) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30));
        if (bearer != null) {
            builder.header("Authorization", "Bearer " + bearer);
        }
        try {
            HttpResponse<String> response = HTTP.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() / 100 == 2 ? response.body() : null;
        } catch (java.io.IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** The whole bodies of GETs answered 2xx (null for any other answer), at most {@code inFlight} at a time. */
    static List<String> fetchAll(List<String> urls, String bearer, int inFlight) {
        return runAll(urls.stream().<java.util.concurrent.Callable<String>>map(url -> () -> fetch(url, bearer)).toList(),
                inFlight);
    }

    /** Runs the tasks on {@code threads} threads; their results in the tasks' order (a task's failure is rethrown). */
    static <T> List<T> runAll(List<? extends java.util.concurrent.Callable<T>> tasks, int threads) {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<T>> running = new ArrayList<>();
            for (java.util.concurrent.Callable<T> task : tasks) {
                running.add(pool.submit(task));
            }
            List<T> results = new ArrayList<>();
            for (var result : running) {
                results.add(result.get());
            }
            return results;
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdown();
        }
    }

    /** Sends every call, at most {@code inFlight} at a time; outcomes in the order of the calls. */
    static List<Outcome> sendAll(List<Call> calls, int inFlight) {
        return sendAll(calls.size(), calls::get, inFlight);
    }

    /** Sends {@code count} calls, each made just before it is sent, at most {@code inFlight} at a time. */
    static List<Outcome> sendAll(int count, IntFunction<Call> callAt, int inFlight) {
        Semaphore permits = new Semaphore(inFlight);
        List<CompletableFuture<Outcome>> futures = new ArrayList<>(count);
        ExecutorService callbacks = Executors.newFixedThreadPool(2);
        try {
            for (int i = 0; i < count; i++) {
                permits.acquireUninterruptibly();
                Call call = callAt.apply(i);
                CompletableFuture<Outcome> future;
                try {
                    // Expect: 100-continue would let the server refuse an oversized body on its headers, but with it
                    // JDK 17's client was seen here never completing when the answer was a final 413; an upload
                    // cut off by the server's 413 is recognised by isRefusedUpload instead. The overall timeout
                    // guards against any other hang: a request without an answer is reported, never waited on.
                    future = HTTP.sendAsync(request(call), HttpResponse.BodyHandlers.ofString())
                            .orTimeout(90, TimeUnit.SECONDS)
                            .handleAsync((response, failure) -> outcome(call, response, failure), callbacks);
                } catch (RuntimeException e) {
                    future = CompletableFuture.completedFuture(new Outcome(call.sent(), -1, null, "", "not sent: " + e));
                }
                futures.add(future.whenComplete((o, e) -> permits.release()));
            }
            return futures.stream().map(CompletableFuture::join).toList();
        } finally {
            callbacks.shutdown();
        }
    }

    private static HttpRequest request(Call call) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(call.url())).timeout(Duration.ofSeconds(60));
        call.headers().forEach(builder::header);
        HttpRequest.BodyPublisher body = call.body() == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(call.body());
        return builder.method(call.method(), body).build();
    }

    private static Outcome outcome(Call request, HttpResponse<String> response, Throwable failure) {
        Sent call = request.sent();
        if (failure != null) {
            Throwable cause = failure.getCause() != null ? failure.getCause() : failure;
            return new Outcome(call, -1, null, "", cause.getClass().getSimpleName() + ": " + cause.getMessage());
        }
        String body = response.body() == null ? "" : response.body();
        return new Outcome(call, response.statusCode(), response.headers().firstValue("content-type").orElse(null),
                body.length() > 300 ? body.substring(0, 300) + "..." : body, null);
    }

    static Map<String, String> headers(String... keysAndValues) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            if (keysAndValues[i + 1] != null) {
                headers.put(keysAndValues[i], keysAndValues[i + 1]);
            }
        }
        return Collections.unmodifiableMap(headers);
    }

    /** Whether an answer is not worth its network error: the server cut off a body it had refused. */
    static boolean isRefusedUpload(Outcome outcome) {
        return outcome.status() < 0 && outcome.call().bodyLength() > 1024 * 1024
                && outcome.error() != null && outcome.error().startsWith("IOException");
    }
}
