//! Scratch: run one ICCMA task on a file and time it.
fn main() {
    let args: Vec<String> = std::env::args().collect();
    let text = std::fs::read_to_string(&args[2]).expect("read");
    let q = args.get(3).map(|s| s.parse::<usize>().expect("num"));
    let t = std::time::Instant::now();
    let af = diligence_argue::iccma::parse_iccma(&text).expect("parse");
    let parse = t.elapsed().as_secs_f64();
    let l = diligence_argue::grounded_labelling(&af);
    let undec = l
        .iter()
        .filter(|&&x| x == diligence_argue::Label::Undec)
        .count();
    let out = diligence_argue::iccma::solve(&args[1], &text, q).expect("solve");
    let first: String = out.chars().take(60).collect();
    eprintln!(
        "n={} m={} undec={} parse={:.3}s total={:.3}s",
        af.len(),
        af.num_attacks(),
        undec,
        parse,
        t.elapsed().as_secs_f64()
    );
    println!("{}", first.replace('\n', " | "));
}
