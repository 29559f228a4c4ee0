package io.outpost.crmlink.domain;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ProfileLocationTest {

    @ParameterizedTest(name = "\"{0}\" -> {1} / {2}")
    @CsvSource(delimiter = '|', nullValues = "-", value = {
        "Leeds, UK                          | Leeds             | -",
        "Leeds                              | Leeds             | -",
        "  leeds ,  uk                      | leeds             | -",
        "Leeds UK                           | Leeds             | -",
        "Leeds - UK                         | Leeds             | -",
        "Leeds, United Kingdom              | Leeds             | -",
        "London, England, UK                | London            | -",
        "Leeds, West Yorkshire, England     | Leeds             | West Yorkshire",
        "Austin, TX                         | Austin            | TX",
        "Austin, TX, USA                    | Austin            | TX",
        "Sydney, NSW, Australia             | Sydney            | NSW",
        "São Paulo, Brasil                  | São Paulo         | -",
        "St. Albans, Hertfordshire          | St. Albans        | Hertfordshire",
        "Newcastle upon Tyne                | Newcastle upon Tyne | -",
        "Stoke-on-Trent, Staffordshire      | Stoke-on-Trent    | Staffordshire",
        "📍 Leeds 🇬🇧                        | Leeds             | -",
        "Leeds, UK 🏴󠁧󠁢󠁥󠁮󠁧󠁿                       | Leeds             | -",
        "UK, Manchester                     | Manchester        | -",
    })
    void aPlaceOrAPlaceAndRegionIsRead(String text, String locality, String region) {
        assertThat(ProfileLocation.parse(text)).isEqualTo(new ProfileLocation(locality, region));
    }

    @ParameterizedTest(name = "\"{0}\" -> nothing")
    @NullAndEmptySource
    @ValueSource(strings = {
        "   ",
        "somewhere",
        "Somewhere over the rainbow",
        "Earth",
        "Planet Earth",
        "everywhere & nowhere",
        "living my best life",
        "in your heart",
        "🌍",
        "🌻🌻🌻",
        "https://dana.example",
        "www.example.org",
        "dana.com",
        "@dana_k",
        "#Leeds",
        "London / Paris",
        "she/her",
        "Leeds (UK)",
        "LS6 2AB",
        "51.5074° N, 0.1278° W",
        "Earth 616",
        "24/7 online",
        "Headingley, Leeds, West Yorkshire",
        "UK",
        "United Kingdom",
        "Singapore",
        "Leeds, UK, and sometimes London",
        "Leeds–Bradford",
        "x",
        "not telling",
        "the corner of Main Street and First Avenue in Springfield",
    })
    void anythingElseGivesNothing(String text) {
        assertThat(ProfileLocation.parse(text)).isEqualTo(ProfileLocation.NONE);
        assertThat(ProfileLocation.parse(text).isEmpty()).isTrue();
    }

    @ParameterizedTest
    @ValueSource(ints = {ProfileLocation.MAX_LENGTH + 1, 500})
    void aLongTextIsNotAPlace(int length) {
        assertThat(ProfileLocation.parse("Leeds" + " ".repeat(length))).isEqualTo(ProfileLocation.NONE);
    }
}
