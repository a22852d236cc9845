set terminal pngcairo size 640,610 noenhanced font ",9"
set output 'scenario-12.png'
set multiplot layout 2,1 title "12. Threads: examples/pipeline (-t 1: an I/O thread and the serial stage) vs -t 0 (the work inline)\nmedian of the runs on each bar, whiskers from min to max, linear scales from 0" font ",11"
unset key
set style fill solid 0.85 border -1
set grid ytics
set xtics scale 0 nomirror
set ytics nomirror
set border 3
$p1 << EOD
0 "httpd" 97052.2 48641.2 101122 8073150 "97,052"
1 "inline-w0" 94883.5 47085.4 99484.4 5592405 "94,884"
2 "t1-w0" 97762.1 42022.6 98051.7 5592405 "97,762"
3 "inline-w1" 97502.9 66810.3 99346.4 5592405 "97,503"
4 "t1-w1" 95518.2 86692.4 97029.9 5592405 "95,518"
EOD
set title "c=100, client wrk"
set ylabel "Requests/s"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:121347]
set ytics ("0" 0, "25k" 25000, "50k" 50000, "75k" 75000, "100k" 100000)
plot $p1 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p1 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p1 using 1:5:7 with labels offset 0,0.8 font ',9'
$p2 << EOD
0 "httpd" 8.39168 8.12235 8.68736 8073150 "8.39"
1 "inline-w0" 8.61508 8.30411 9.09646 5592405 "8.62"
2 "t1-w0" 10.1699 10.1308 10.8541 5592405 "10.2"
3 "inline-w1" 9.69476 9.65453 9.9782 5592405 "9.69"
4 "t1-w1" 10.3988 10.2606 11.3843 5592405 "10.4"
EOD
set title "c=100, client wrk"
set ylabel "Server CPU/request (us)"
set lmargin 11
set xrange [-0.6:4.6]
set yrange [0:13.6611]
set ytics ("0" 0, "5" 5, "10" 10)
plot $p2 using 1:3:(0.6):6:xtic(2) with boxes lc rgb variable, $p2 using 1:4:(0):($5-$4) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):5:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using ($1-0.08):4:(0.16):(0) with vectors nohead lc rgb 'black' lw 1, $p2 using 1:5:7 with labels offset 0,0.8 font ',9'
unset multiplot
