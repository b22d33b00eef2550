"""The pure phase engine: (spec, log, as_of) -> Plan. No Flask, no database, no clock."""
