"""A faithful offline DfE Lead Provider API (v3): ``state`` keeps DfE's data and rules, ``server`` serves them
over real HTTP and checks every exchange against DfE's document. Development and tests only."""
