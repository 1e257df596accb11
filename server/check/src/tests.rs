use expect_test::expect;

use crate::FileAnalysis;

fn dump(text: &str) -> String {
    FileAnalysis::new(text).dump()
}

#[test]
fn smoke() {
    expect![[r#"
        LetIn @0..66
          inherit-from #0
            Reference a -> a#0@4..5 @40..41
          a#0@4..5 (LetIn) =
            AttrSet (merged path) @4..12
              b#1@6..7 (PlainAttr) =
                Int 1 @10..11
              c#2@15..16 (PlainAttr) =
                Lambda param=x#3@19..20 @19..29
                  Binary + @22..29
                    Reference x -> x#3@19..20 @22..23
                    Select @26..29
                      Reference a -> a#0@4..5 @26..27
                      String "b" @28..29
          b#4@43..44 (LetIn) inherit from #0
          in
          With uses=1 @49..66
            Reference a -> a#0@4..5 @54..55
            List @57..66
              Reference a -> a#0@4..5 @59..60
              Reference b -> b#4@43..44 @61..62
              Reference c -> with 49..66 @63..64
    "#]]
    .assert_eq(&dump(
        "let a.b = 1; a.c = x: x + a.b; inherit (a) b; in with a; [ a b c ]",
    ));
}
