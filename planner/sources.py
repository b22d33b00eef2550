"""The citations behind the rules (SPEC §9), as short strings the UI can show."""

SEEDS = "Seed running-injury articles (project brief)"
SILBERNAGEL_2007 = "Silbernagel 2007 AJSM 35:897"
BEYER_2015 = "Beyer 2015 AJSM 43:1704"
RATHLEFF_2015 = "Rathleff 2015 Scand J Med Sci Sports"
WARDEN_2021 = "Warden, Edwards & Willy 2021 JOSPT 51:322"
WARDEN_2014 = "Warden, Davis & Fredericson 2014 JOSPT 44:749"
HOENIG_2023 = "Hoenig 2023 BJSM 57:427"
GEORGE_2024 = "George 2024 Sports Med"
MOEN_2012 = "Moen 2012"
FRANDSEN_2025 = "Frandsen 2025 BJSM 59:1203"
NIELSEN_2014 = "Nielsen 2014 JOSPT 44:739"
BUIST_2008 = "Buist 2008 AJSM 36:33"
VUURBERG_2018 = "Vuurberg 2018 BJSM 52:956"
OTTAWA = "Ottawa ankle rules"
SERLIN_1995 = "Serlin 1995 Pain 61:277"
MUJIKA_2000 = "Mujika & Padilla 2000 Sports Med 30:79"

ALL = (
    SEEDS,
    SILBERNAGEL_2007,
    BEYER_2015,
    RATHLEFF_2015,
    WARDEN_2021,
    WARDEN_2014,
    HOENIG_2023,
    GEORGE_2024,
    MOEN_2012,
    FRANDSEN_2025,
    NIELSEN_2014,
    BUIST_2008,
    VUURBERG_2018,
    OTTAWA,
    SERLIN_1995,
    MUJIKA_2000,
)
