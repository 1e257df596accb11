[
  (x: x)
  ({ a, b ? a, ... } @ args: [ a b args ])
  (args @ { c }: c)
  ({ }: 1)
]
